package org.grpo4j.nn.optim;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.grpo4j.nn.Module;
import org.grpo4j.nn.Parameter;

/** Builds and checks parameter groups: the usual split is weight decay on matrices only. */
public final class ParamGroups {
  private ParamGroups() {}

  /** Two groups: "decay" (parameters of rank >= 2, with {@code weightDecay}) and "no_decay" (biases, norms: 0). */
  public static List<ParamGroup> decayMatricesOnly(Module model, double weightDecay) {
    LinkedHashMap<String, Parameter> decay = new LinkedHashMap<>();
    LinkedHashMap<String, Parameter> noDecay = new LinkedHashMap<>();
    model.namedParameters().forEach((n, p) -> (p.shape().length >= 2 ? decay : noDecay).put(n, p));
    List<ParamGroup> groups = List.of(new ParamGroup("decay", decay, weightDecay),
        new ParamGroup("no_decay", noDecay, 0.0));
    requirePartition(model.namedParameters(), groups);
    return groups;
  }

  /** One group holding every parameter with the same decay. */
  public static List<ParamGroup> single(Module model, double weightDecay) {
    return List.of(new ParamGroup("all", model.namedParameters(), weightDecay));
  }

  /**
   * Throws unless every parameter of {@code all} appears in exactly one group (same name, same object) and the
   * groups hold nothing else.
   */
  public static void requirePartition(Map<String, Parameter> all, List<ParamGroup> groups) {
    Map<Parameter, String> seen = new IdentityHashMap<>();
    List<String> problems = new ArrayList<>();
    for (ParamGroup g : groups) {
      for (Map.Entry<String, Parameter> e : g.params().entrySet()) {
        String prev = seen.put(e.getValue(), g.name());
        if (prev != null) {
          problems.add("parameter '" + e.getKey() + "' is in groups '" + prev + "' and '" + g.name() + "'");
        }
        if (all.get(e.getKey()) != e.getValue()) {
          problems.add("group '" + g.name() + "' holds '" + e.getKey() + "', which is not a parameter of the model");
        }
      }
    }
    for (Map.Entry<String, Parameter> e : all.entrySet()) {
      if (!seen.containsKey(e.getValue())) {
        problems.add("parameter '" + e.getKey() + "' is in no group");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("parameter groups do not partition the parameters: "
          + String.join("; ", problems));
    }
  }
}
