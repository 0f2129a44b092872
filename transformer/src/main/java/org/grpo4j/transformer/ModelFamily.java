package org.grpo4j.transformer;

/** The Llama-style decoder families grpo4j loads, by their Hugging Face {@code model_type}. */
public enum ModelFamily {
  /** {@code llama}: Llama 2/3, SmolLM, TinyLlama and the like; optional attention and MLP biases off. */
  LLAMA("llama", "LlamaForCausalLM"),
  /** {@code qwen2}: Qwen2 and Qwen2.5, with q/k/v biases. */
  QWEN2("qwen2", "Qwen2ForCausalLM"),
  /** {@code qwen3}: Qwen3, with per-head RMSNorm of queries and keys. */
  QWEN3("qwen3", "Qwen3ForCausalLM");

  private final String modelType;
  private final String architecture;

  ModelFamily(String modelType, String architecture) {
    this.modelType = modelType;
    this.architecture = architecture;
  }

  /** The {@code model_type} string of config.json. */
  public String modelType() {
    return modelType;
  }

  /** The transformers class name written to {@code architectures}. */
  public String architecture() {
    return architecture;
  }

  /** The family of a {@code model_type}, or null when it is not one of these. */
  public static ModelFamily of(String modelType) {
    for (ModelFamily f : values()) {
      if (f.modelType.equals(modelType)) {
        return f;
      }
    }
    return null;
  }
}
