package org.grpo4j.rl.objective;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Group-relative advantages from scalar rewards r_i and each output's group (prompt) index: group-normalized
 * (GRPO), mean-only (Dr. GRPO) and leave-one-out (RLOO). A group of one, or of equal rewards, gets 0.
 */
public final class Advantages {
  /** Which standard deviation normalizes a group. */
  public enum Std {
    /** Divide by G - 1 (what verl and TRL use). */
    SAMPLE,
    /** Divide by G. */
    POPULATION
  }

  private Advantages() {}

  /** (r_i - mean_g) / (std_g + eps) over each output's group g. */
  public static double[] groupNormalized(double[] rewards, int[] group, Std std, double eps) {
    check(rewards, group);
    if (!(eps >= 0)) {
      throw new IllegalArgumentException("advantages: eps " + eps + " must be >= 0");
    }
    double[] a = new double[rewards.length];
    for (List<Integer> members : groups(group).values()) {
      double mean = mean(rewards, members);
      int g = members.size();
      double ss = 0;
      for (int i : members) {
        ss += (rewards[i] - mean) * (rewards[i] - mean);
      }
      int dof = std == Std.SAMPLE ? g - 1 : g;
      double sd = dof > 0 ? Math.sqrt(ss / dof) : 0;
      for (int i : members) {
        a[i] = g == 1 ? 0 : (rewards[i] - mean) / (sd + eps);
      }
    }
    return a;
  }

  /** r_i - mean_g. */
  public static double[] meanOnly(double[] rewards, int[] group) {
    check(rewards, group);
    double[] a = new double[rewards.length];
    for (List<Integer> members : groups(group).values()) {
      double mean = mean(rewards, members);
      for (int i : members) {
        a[i] = rewards[i] - mean;
      }
    }
    return a;
  }

  /** r_i - mean_{j != i in g} r_j (0 for a group of one). */
  public static double[] leaveOneOut(double[] rewards, int[] group) {
    check(rewards, group);
    double[] a = new double[rewards.length];
    for (List<Integer> members : groups(group).values()) {
      int g = members.size();
      double sum = 0;
      for (int i : members) {
        sum += rewards[i];
      }
      for (int i : members) {
        a[i] = g == 1 ? 0 : rewards[i] - (sum - rewards[i]) / (g - 1);
      }
    }
    return a;
  }

  /** Fraction of groups whose rewards are all equal (they carry no learning signal). */
  public static double fractionZeroStd(double[] rewards, int[] group) {
    check(rewards, group);
    Map<Integer, List<Integer>> gs = groups(group);
    int zero = 0;
    for (List<Integer> members : gs.values()) {
      double first = rewards[members.get(0)];
      if (members.stream().allMatch(i -> rewards[i] == first)) {
        zero++;
      }
    }
    return gs.isEmpty() ? 0 : (double) zero / gs.size();
  }

  /** Output indices by group, in order of first appearance. */
  static Map<Integer, List<Integer>> groups(int[] group) {
    Map<Integer, List<Integer>> gs = new LinkedHashMap<>();
    for (int i = 0; i < group.length; i++) {
      gs.computeIfAbsent(group[i], k -> new java.util.ArrayList<>()).add(i);
    }
    return gs;
  }

  private static double mean(double[] r, List<Integer> members) {
    double s = 0;
    for (int i : members) {
      s += r[i];
    }
    return s / members.size();
  }

  private static void check(double[] rewards, int[] group) {
    if (rewards.length != group.length) {
      throw new IllegalArgumentException("advantages: " + rewards.length + " rewards but " + group.length
          + " group indices");
    }
    for (int i = 0; i < rewards.length; i++) {
      if (!Double.isFinite(rewards[i])) {
        throw new IllegalArgumentException("advantages: reward " + rewards[i] + " of output " + i + " is not finite");
      }
    }
  }
}
