package org.grpo4j.transformer;

/** The rotary-embedding variants grpo4j implements ({@code rope_type} of config.json). */
public enum RopeType {
  /** Frequencies theta^(-2i/d). */
  DEFAULT("default"),
  /** Position interpolation: every frequency divided by {@code factor}. */
  LINEAR("linear"),
  /** Llama 3.1's piecewise scaling of low frequencies. */
  LLAMA3("llama3");

  private final String json;

  RopeType(String json) {
    this.json = json;
  }

  /** The config.json spelling. */
  public String json() {
    return json;
  }

  /** The variant named {@code name}, or an error naming it and the supported ones. */
  public static RopeType of(String name) {
    for (RopeType t : values()) {
      if (t.json.equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("rope_type '" + name + "' is not supported (expected default, linear or llama3)");
  }
}
