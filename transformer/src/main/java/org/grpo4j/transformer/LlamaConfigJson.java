package org.grpo4j.transformer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed reading of a Llama / Qwen2 / Qwen3 {@code config.json} in both styles (transformers 4: {@code rope_theta},
 * {@code rope_scaling}, {@code torch_dtype}; transformers 5: {@code rope_parameters}, {@code dtype}). Fields that
 * would change the model must hold a value grpo4j implements; an unknown field is an error naming it.
 */
final class LlamaConfigJson {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Fields grpo4j reads or checks. */
  private static final Set<String> READ = Set.of("model_type", "num_hidden_layers", "hidden_size",
      "num_attention_heads", "num_key_value_heads", "head_dim", "intermediate_size", "vocab_size",
      "max_position_embeddings", "rms_norm_eps", "rope_theta", "rope_scaling", "rope_parameters",
      "tie_word_embeddings", "attention_bias", "mlp_bias", "hidden_act", "attention_dropout", "use_sliding_window",
      "sliding_window", "layer_types", "dtype", "torch_dtype", "partial_rotary_factor");
  /** Fields that describe training, tokens or tooling and do not change the forward pass. */
  private static final Set<String> IGNORED = Set.of("architectures", "bos_token_id", "eos_token_id", "pad_token_id",
      "initializer_range", "transformers_version", "use_cache", "max_window_layers", "pretraining_tp",
      "tokenizer_class", "output_router_logits", "id2label", "label2id", "return_dict", "torchscript",
      "output_hidden_states", "output_attentions", "problem_type");
  private static final Set<String> DTYPES = Set.of("float32", "bfloat16", "float16");

  private final JsonNode n;
  private final ConfigFields fields;

  private LlamaConfigJson(JsonNode n, String source) {
    this.n = n;
    this.fields = new ConfigFields(n, source);
  }

  static LlamaConfig parse(String text, String source) {
    JsonNode n;
    try {
      n = JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(source + ": not valid JSON: " + e.getMessage(), e);
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException(source + ": expected a JSON object");
    }
    return new LlamaConfigJson(n, source).read();
  }

  private LlamaConfig read() {
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!READ.contains(f) && !IGNORED.contains(f) && !f.startsWith("_")) {
        throw fields.bad("field '" + f + "' is unknown (it may change the model in a way grpo4j does not implement;"
            + " fields read: " + new TreeSet<>(READ) + ")");
      }
    }
    String type = fields.optionalText("model_type", null);
    ModelFamily family = ModelFamily.of(type);
    if (family == null) {
      throw fields.bad("model_type '" + type + "' is not supported (expected llama, qwen2 or qwen3)");
    }
    String act = fields.optionalText("hidden_act", "silu");
    if (!act.equals("silu")) {
      throw fields.bad("hidden_act '" + act + "' is not supported (expected silu, the SwiGLU MLP)");
    }
    for (String d : new String[] {"dtype", "torch_dtype"}) {
      String v = fields.optionalText(d, null);
      if (v != null && !DTYPES.contains(v)) {
        throw fields.bad(d + " '" + v + "' is not supported (expected float32, bfloat16 or float16)");
      }
    }
    fields.require("mlp_bias", false, "no MLP biases");
    if (fields.number("attention_dropout", 0.0) != 0.0) {
      throw fields.bad("attention_dropout " + n.get("attention_dropout") + " is not supported (expected 0)");
    }
    if (fields.number("partial_rotary_factor", 1.0) != 1.0) {
      throw fields.bad("partial_rotary_factor " + n.get("partial_rotary_factor") + " is not supported (expected 1)");
    }
    Boolean sliding = fields.flag("use_sliding_window");
    if (sliding != null && sliding) {
      throw fields.bad("use_sliding_window true is not supported (expected false: full attention in every layer)");
    }
    JsonNode layers = n.get("layer_types");
    if (layers != null && !layers.isNull()) {
      for (JsonNode l : layers) {
        if (!"full_attention".equals(l.asText())) {
          throw fields.bad("layer_types entry " + l + " is not supported (expected full_attention in every layer)");
        }
      }
    }
    int hidden = fields.integer("hidden_size");
    int heads = fields.integer("num_attention_heads");
    JsonNode hd = n.get("head_dim");
    int headDim = hd == null || hd.isNull() ? (heads > 0 ? hidden / heads : 0) : fields.integer("head_dim");
    boolean bias = family == ModelFamily.QWEN2 || Boolean.TRUE.equals(fields.flag("attention_bias"));
    Boolean tie = fields.flag("tie_word_embeddings");
    JsonNode kv = n.get("num_key_value_heads");
    try {
      return new LlamaConfig(family, fields.integer("num_hidden_layers"), hidden, heads,
          kv == null || kv.isNull() ? heads : fields.integer("num_key_value_heads"), headDim, fields.integer("intermediate_size"),
          fields.integer("vocab_size"), fields.integer("max_position_embeddings"), fields.number("rms_norm_eps", 1e-6), rope(),
          tie == null || tie, bias, family == ModelFamily.QWEN3);
    } catch (IllegalArgumentException e) {
      throw fields.bad(e.getMessage());
    }
  }

  /** RoPE from rope_parameters (transformers 5) or rope_theta + rope_scaling (transformers 4). */
  private RopeConfig rope() {
    JsonNode params = n.get("rope_parameters");
    JsonNode scaling = n.get("rope_scaling");
    double theta = fields.number("rope_theta", 10000.0);
    JsonNode p = params != null && !params.isNull() ? params : scaling;
    if (p == null || p.isNull()) {
      return RopeConfig.plain(theta);
    }
    if (!p.isObject()) {
      throw fields.bad("rope parameters " + p + " are not a JSON object");
    }
    if (p.has("rope_theta")) {
      theta = p.get("rope_theta").asDouble();
    }
    String typeName = p.has("rope_type") ? p.get("rope_type").asText() : p.has("type") ? p.get("type").asText()
        : "default";
    RopeType type;
    try {
      type = RopeType.of(typeName);
    } catch (IllegalArgumentException e) {
      throw fields.bad(e.getMessage());
    }
    for (Iterator<String> it = p.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!Set.of("rope_theta", "rope_type", "type", "factor", "low_freq_factor", "high_freq_factor",
          "original_max_position_embeddings").contains(f)) {
        throw fields.bad("rope field '" + f + "' is not supported (it changes positions in a way grpo4j does not know)");
      }
    }
    return new RopeConfig(theta, type, p.path("factor").asDouble(1.0), p.path("low_freq_factor").asDouble(0),
        p.path("high_freq_factor").asDouble(0), p.path("original_max_position_embeddings").asInt(0));
  }
}
