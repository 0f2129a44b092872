package org.grpo4j.rl.exact;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The bridge's E1 where enumeration is out of reach: at theta = theta_old + delta u (u a random unit vector over every
 * parameter of the {@link TransformerPolicy}), each unclipped estimator's expectation and the reference grad J(theta)
 * are Monte Carlo means over chunks of sampled outputs (the estimator on outputs drawn from theta_old, the reference
 * REINFORCE with the leave-one-out baseline on fresh outputs drawn from theta), and {@link MonteCarloBias} turns the
 * chunk means into a relative bias with a jackknife interval. Where the tree is small enough, the exact relative
 * bias by enumeration is reported beside it, to check the Monte Carlo reference.
 */
public final class TransformerMonteCarlo {
  /** Longest outputs enumerated for the exact check. */
  public static final int MAX_ENUMERATED = 8;

  private TransformerMonteCarlo() {}

  /** Sizes: output length, model, chunks of samples (a multiple of the group size), the step delta. */
  public record Config(int maxTokens, int layers, int width, int chunks, int chunkSize, int groupSize,
      double delta) {
    /** Bounds every size before anything is allocated. */
    public Config {
      ExperimentFiles.bounded("Monte Carlo max tokens", maxTokens, 2, TransformerPolicy.MAX_TOKENS);
      ExperimentFiles.bounded("Monte Carlo layers", layers, 1, 4);
      ExperimentFiles.bounded("Monte Carlo width", width, 4, 64);
      ExperimentFiles.bounded("Monte Carlo chunks", chunks, 3, 1000);
      ExperimentFiles.bounded("Monte Carlo chunk size", chunkSize, 2, 100_000);
      ExperimentFiles.bounded("Monte Carlo group size", groupSize, 2, chunkSize);
      if (chunkSize % groupSize != 0 || !(delta >= 0) || Double.isInfinite(delta)) {
        throw new IllegalArgumentException("Monte Carlo: chunk size " + chunkSize + " must be a multiple of the group "
            + "size " + groupSize + " and delta " + delta + " finite and >= 0");
      }
    }

    /** Outputs drawn from each policy: chunks * chunk size. */
    public int samples() {
      return chunks * chunkSize;
    }
  }

  /**
   * The model seed used, J(theta_old) and the mean output length (Monte Carlo, with standard errors), each
   * estimator's Monte Carlo relative bias and, where enumerable, its exact value (else absent).
   */
  public record Result(Config config, long modelSeed, Interval objective, Interval meanLength,
      Map<Estimator, MonteCarloBias.Estimate> bias, Map<Estimator, Double> exact) {}

  /** Runs with the first model seed from {@code seed} whose sampled J(theta_old) lies in [0.05, 0.5]. */
  public static Result run(Config c, long seed) {
    Reward reward = Reward.exactlyAs(2, 3);
    TransformerPolicy policy = null;
    long modelSeed = seed;
    for (int tries = 0; tries < 50; tries++, modelSeed++) {
      policy = new TransformerPolicy(c.maxTokens(), c.layers(), c.width(), 0.5, modelSeed);
      double j = policy.sample(1000, modelSeed).stream().mapToDouble(reward::of).average().orElse(0);
      if (j >= 0.05 && j <= 0.5) {
        break;
      }
    }
    double[] old = policy.parameters();
    SplittableRandom r = new SplittableRandom(seed * 31 + 17);
    double[] u = new double[old.length];
    for (int i = 0; i < u.length; i++) {
      u[i] = r.nextGaussian();
    }
    u = ExperimentFiles.unit(u);
    double[] theta = old.clone();
    for (int i = 0; i < theta.length; i++) {
      theta[i] += c.delta() * u[i];
    }
    Chunks atOld = Chunks.draw(policy, c, reward, r.nextLong());
    double[][] frozen = atOld.estimates(policy, Estimator.NO_IS_FROZEN);
    policy.setParameters(theta);
    Chunks atTheta = Chunks.draw(policy, c, reward, r.nextLong());
    double[][] reference = atTheta.estimates(policy, Estimator.NO_IS_STALE); // at theta_old = theta: REINFORCE
    Map<Estimator, MonteCarloBias.Estimate> bias = new EnumMap<>(Estimator.class);
    for (Estimator e : BiasExperiment.ESTIMATORS) {
      double[][] a = e.atOldPolicy() ? frozen : atOld.estimates(policy, e);
      bias.put(e, MonteCarloBias.of(a, reference));
    }
    Map<Estimator, Double> exact = new EnumMap<>(Estimator.class);
    if (c.maxTokens() <= MAX_ENUMERATED) {
      policy.setParameters(old);
      double[][] oldLogp = policy.tokenLogProbs();
      double[] frozenExact = policy.expectation(Estimator.NO_IS_FROZEN, oldLogp, reward);
      policy.setParameters(theta);
      double[] grad = policy.gradient(reward);
      for (Estimator e : BiasExperiment.ESTIMATORS) {
        double[] mean = e.atOldPolicy() ? frozenExact : policy.expectation(e, oldLogp, reward);
        exact.put(e, ExperimentFiles.distance(mean, grad) / ExperimentFiles.norm(grad));
      }
    }
    return new Result(c, modelSeed, Stats.mean(atOld.rewards()), Stats.mean(atOld.lengths()), bias, exact);
  }

  /** Outputs drawn from one policy in chunks, with their rewards, advantages and log-probabilities when drawn. */
  private record Chunks(List<List<int[]>> outs, List<double[][]> logp, List<double[]> adv, double[] rewards,
      double[] lengths) {
    static Chunks draw(TransformerPolicy p, Config c, Reward reward, long seed) {
      List<int[]> all = p.sample(c.samples(), seed);
      List<List<int[]>> outs = new ArrayList<>();
      List<double[][]> logp = new ArrayList<>();
      List<double[]> adv = new ArrayList<>();
      double[] rewards = new double[all.size()];
      double[] lengths = new double[all.size()];
      for (int i = 0; i < all.size(); i++) {
        rewards[i] = reward.of(all.get(i));
        lengths[i] = all.get(i).length;
      }
      for (int k = 0; k < c.chunks(); k++) {
        List<int[]> chunk = all.subList(k * c.chunkSize(), (k + 1) * c.chunkSize());
        outs.add(chunk);
        logp.add(p.tokenLogProbs(chunk));
        adv.add(Baseline.LEAVE_ONE_OUT.advantages(java.util.Arrays.copyOfRange(rewards, k * c.chunkSize(),
            (k + 1) * c.chunkSize()), c.groupSize()));
      }
      return new Chunks(outs, logp, adv, rewards, lengths);
    }

    /** Per chunk the unclipped estimator at the policy's current parameters (its chunk mean). */
    double[][] estimates(TransformerPolicy p, Estimator e) {
      double[][] out = new double[outs.size()][];
      for (int k = 0; k < outs.size(); k++) {
        out[k] = p.estimate(e, Clip.none(), outs.get(k), logp.get(k), adv.get(k));
      }
      return out;
    }
  }

  /** Writes monte-carlo.csv and summary.md for {@code results} into {@code out} and prints the summary. */
  public static void write(List<Result> results, Path out, PrintStream log) {
    StringBuilder csv = new StringBuilder("max_tokens,model_seed,delta,estimator,relative_bias_sq,ci_low,ci_high,"
        + "standard_error,chunks,samples_per_policy,exact_relative_bias\n");
    StringBuilder md = new StringBuilder("# Bridge: a Monte Carlo reference where enumeration is out of reach\n\n");
    md.append("theta = theta_old + delta u over every parameter of the transformer; each unclipped estimator's mean "
        + "over outputs drawn from theta_old against REINFORCE (leave-one-out baseline) on fresh outputs drawn from "
        + "theta, in paired chunks; squared norms estimated without the Monte Carlo noise term, relative bias with a "
        + "delete-one-chunk jackknife 95% t interval. Outputs drawn by the KV-cache sampler (float32 logits; the "
        + "float64 policy to about 1e-7 in probability). Where the tree is enumerable the exact value is beside it."
        + "\n\n| T_max | outputs in the tree | model seed | J(theta_old) [95%] | mean length | samples per policy | "
        + "estimator | relative bias (MC) [95%] | exact |\n|---|---|---|---|---|---|---|---|---|\n");
    for (Result r : results) {
      Config c = r.config();
      for (Map.Entry<Estimator, MonteCarloBias.Estimate> e : r.bias().entrySet()) {
        Interval sq = e.getValue().relativeBiasSq();
        Double exact = r.exact().get(e.getKey());
        csv.append(String.format(Locale.ROOT, "%d,%d,%.4g,%s,%.6e,%.6e,%.6e,%.6e,%d,%d,%s%n", c.maxTokens(),
            r.modelSeed(), c.delta(), e.getKey(), sq.value(), sq.low(), sq.high(), e.getValue().standardError(),
            c.chunks(), c.samples(), exact == null ? "" : String.format(Locale.ROOT, "%.6e", exact)));
        md.append(String.format(Locale.ROOT, "| %d | %s | %d | %s | %.2f | %d | %s | %s | %s |%n", c.maxTokens(),
            String.format(Locale.ROOT, "%.3g", Math.pow(2, c.maxTokens() + 1) - 1), r.modelSeed(),
            r.objective().format(3), r.meanLength().value(), c.samples(), e.getKey(),
            e.getValue().relativeBias().format(3), exact == null ? "(not enumerable)" : String.format(Locale.ROOT,
            "%.3g", exact)));
      }
    }
    md.append("\nThe interval of the relative bias is the square root of the squared relative bias's interval "
        + "(clipped at 0): an unbiased estimator's interval reaches down to 0.\n");
    ExperimentFiles.write(out, "monte-carlo.csv", csv, md, "no plots", log);
  }
}
