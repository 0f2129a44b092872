package org.grpo4j.nn.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.grpo4j.nn.Parameter;

/** A named set of parameters (keyed by their dotted names) sharing a weight-decay coefficient. */
public record ParamGroup(String name, LinkedHashMap<String, Parameter> params, double weightDecay) {
  /** Validates the decay and copies the map. */
  public ParamGroup {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("parameter group name must be non-empty");
    }
    if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
      throw new IllegalArgumentException("parameter group '" + name + "': weight decay " + weightDecay
          + " must be finite and >= 0");
    }
    params = new LinkedHashMap<>(params);
  }

  /** A group of the given parameters. */
  public static ParamGroup of(String name, Map<String, Parameter> params, double weightDecay) {
    return new ParamGroup(name, new LinkedHashMap<>(params), weightDecay);
  }
}
