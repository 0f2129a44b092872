package org.grpo4j.transformer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed reading of a Hugging Face GPT-2 {@code config.json}: every field this model reads must have its JSON type,
 * fields that would change the model must hold the value grpo4j implements, bookkeeping fields that change nothing
 * are ignored, and any other field is an error naming it (it may change the model in a way grpo4j does not know).
 */
final class GptConfigJson {
  /** Fields grpo4j reads or checks. */
  private static final Set<String> READ = Set.of("model_type", "n_layer", "n_head", "n_embd", "vocab_size",
      "n_positions", "n_ctx", "layer_norm_epsilon", "resid_pdrop", "embd_pdrop", "attn_pdrop", "activation_function",
      "tie_word_embeddings", "n_inner", "scale_attn_weights", "scale_attn_by_inverse_layer_idx",
      "reorder_and_upcast_attn", "add_cross_attention");
  /** Fields that describe training, tokens or tooling and do not change the forward pass. */
  private static final Set<String> IGNORED = Set.of("architectures", "bos_token_id", "eos_token_id", "pad_token_id",
      "initializer_range", "task_specific_params", "transformers_version", "use_cache", "dtype", "torch_dtype",
      "id2label", "label2id", "output_past", "gradient_checkpointing", "tokenizer_class", "prefix", "return_dict",
      "output_hidden_states", "output_attentions", "torchscript", "problem_type");

  private final JsonNode n;
  private final ConfigFields fields;

  GptConfigJson(JsonNode n, String source) {
    this.n = n;
    this.fields = new ConfigFields(n, source);
  }

  /** The config, or an IllegalArgumentException naming the first bad field, its value and what was expected. */
  GptConfig read() {
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!READ.contains(f) && !IGNORED.contains(f) && !f.startsWith("_") && !f.startsWith("summary_")) {
        throw fields.bad("field '" + f + "' is unknown (it may change the model in a way grpo4j does not implement;"
            + " fields read: " + new TreeSet<>(READ) + ")");
      }
    }
    String type = fields.text("model_type", "gpt2");
    if (!type.equals("gpt2")) {
      throw fields.bad("model_type '" + type + "' is not supported (expected gpt2)");
    }
    String act = fields.text("activation_function", "gelu_new");
    if (!act.equals("gelu_new") && !act.equals("gelu_pytorch_tanh")) {
      throw fields.bad("activation_function '" + act + "' is not supported (expected gelu_new, the tanh form GPT-2 uses)");
    }
    fields.require("tie_word_embeddings", true, "the head is tied to wte");
    fields.require("scale_attn_weights", true, "attention scores are scaled by 1/sqrt(head size)");
    fields.require("scale_attn_by_inverse_layer_idx", false, "no per-layer attention scaling");
    fields.require("add_cross_attention", false, "a decoder without cross-attention");
    fields.flag("reorder_and_upcast_attn");
    int nEmbd = fields.integer("n_embd");
    JsonNode inner = n.path("n_inner");
    if (!inner.isMissingNode() && !inner.isNull() && !(inner.isIntegralNumber() && inner.asLong() == 4L * nEmbd)) {
      throw fields.bad("n_inner " + inner + " is not supported (expected null or " + 4L * nEmbd + ", 4 * n_embd)");
    }
    int nPositions = fields.integer("n_positions");
    JsonNode ctx = n.path("n_ctx");
    if (!ctx.isMissingNode() && !(ctx.isIntegralNumber() && ctx.asLong() == nPositions)) {
      throw fields.bad("n_ctx " + ctx + " differs from n_positions " + nPositions + " (expected the same context length)");
    }
    fields.number("embd_pdrop", 0.0);
    fields.number("attn_pdrop", 0.0);
    try {
      return new GptConfig(fields.integer("n_layer"), fields.integer("n_head"), nEmbd, fields.integer("vocab_size"), nPositions,
          fields.number("layer_norm_epsilon", 1e-5), fields.number("resid_pdrop", 0.0));
    } catch (IllegalArgumentException e) {
      throw fields.bad(e.getMessage());
    }
  }
}
