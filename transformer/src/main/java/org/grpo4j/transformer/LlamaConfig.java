package org.grpo4j.transformer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Shape of a Llama-family decoder (Llama, Qwen2, Qwen3) with Hugging Face field names: RMSNorm, rotary positions,
 * SwiGLU MLP, grouped-query attention ({@code nKvHead} key/value heads shared by nHead / nKvHead query heads each),
 * optional q/k/v biases, optional per-head q/k RMSNorm, tied or untied head. Validated on construction.
 */
public record LlamaConfig(ModelFamily family, int nLayer, int hiddenSize, int nHead, int nKvHead, int headDim,
    int intermediateSize, int vocabSize, int maxPositions, double rmsNormEps, RopeConfig rope,
    boolean tieWordEmbeddings, boolean attentionBias, boolean qkNorm) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Validates every field and names the bad one. */
  public LlamaConfig {
    if (family == null || rope == null) {
      throw new IllegalArgumentException("a Llama config needs a model family and a rope config");
    }
    positive("num_hidden_layers", nLayer);
    positive("hidden_size", hiddenSize);
    positive("num_attention_heads", nHead);
    positive("num_key_value_heads", nKvHead);
    positive("head_dim", headDim);
    positive("intermediate_size", intermediateSize);
    positive("vocab_size", vocabSize);
    positive("max_position_embeddings", maxPositions);
    if (nHead % nKvHead != 0) {
      throw new IllegalArgumentException("num_attention_heads " + nHead + " is not divisible by num_key_value_heads "
          + nKvHead + " (each key/value head serves the same number of query heads)");
    }
    if (headDim % 2 != 0) {
      throw new IllegalArgumentException("head_dim " + headDim + " must be even (rotary embeddings rotate pairs)");
    }
    if (!(rmsNormEps > 0)) {
      throw new IllegalArgumentException("rms_norm_eps " + rmsNormEps + " must be > 0");
    }
  }

  private static void positive(String name, int v) {
    if (v <= 0) {
      throw new IllegalArgumentException(name + " " + v + " must be > 0");
    }
  }

  /**
   * A config of {@code family} with head_dim = hidden / heads, RMSNorm eps 1e-6, RoPE theta 10000, tied head, the
   * family's biases (Qwen2) and q/k norms (Qwen3).
   */
  public static LlamaConfig of(ModelFamily family, int nLayer, int hiddenSize, int nHead, int nKvHead,
      int intermediateSize, int vocabSize, int maxPositions) {
    return new LlamaConfig(family, nLayer, hiddenSize, nHead, nKvHead, hiddenSize / nHead, intermediateSize,
        vocabSize, maxPositions, 1e-6, RopeConfig.plain(10000.0), true, family == ModelFamily.QWEN2,
        family == ModelFamily.QWEN3);
  }

  /** Query heads per key/value head. */
  public int groupSize() {
    return nHead / nKvHead;
  }

  /** Reads a Hugging Face config.json of model_type llama, qwen2 or qwen3 (transformers 4 or 5 style). */
  public static LlamaConfig fromJson(String text, String source) {
    return LlamaConfigJson.parse(text, source);
  }

  /** The config as Hugging Face (transformers 5 style) {@code config.json} text, float32. */
  public String toJson() {
    ObjectNode n = JSON.createObjectNode();
    n.putArray("architectures").add(family.architecture());
    if (family != ModelFamily.QWEN2) {
      n.put("attention_bias", attentionBias);
    }
    n.put("attention_dropout", 0.0).put("dtype", "float32");
    if (family != ModelFamily.QWEN2) {
      n.put("head_dim", headDim);
    }
    n.put("hidden_act", "silu").put("hidden_size", hiddenSize).put("intermediate_size", intermediateSize);
    n.put("max_position_embeddings", maxPositions);
    if (family == ModelFamily.LLAMA) {
      n.put("mlp_bias", false);
    }
    n.put("model_type", family.modelType()).put("num_attention_heads", nHead).put("num_hidden_layers", nLayer);
    n.put("num_key_value_heads", nKvHead).put("rms_norm_eps", rmsNormEps);
    ObjectNode r = n.putObject("rope_parameters");
    r.put("rope_theta", rope.theta()).put("rope_type", rope.type().json());
    if (rope.type() != RopeType.DEFAULT) {
      r.put("factor", rope.factor());
    }
    if (rope.type() == RopeType.LLAMA3) {
      r.put("low_freq_factor", rope.lowFreqFactor()).put("high_freq_factor", rope.highFreqFactor());
      r.put("original_max_position_embeddings", rope.originalMaxPositions());
    }
    n.put("tie_word_embeddings", tieWordEmbeddings).put("use_cache", true).put("vocab_size", vocabSize);
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
