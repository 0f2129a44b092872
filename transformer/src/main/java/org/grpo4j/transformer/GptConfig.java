package org.grpo4j.transformer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Shape of a GPT-2 style model, with Hugging Face {@code config.json} field names. Validated on construction:
 * every size positive, n_embd divisible by n_head, dropout in [0, 1).
 */
public record GptConfig(int nLayer, int nHead, int nEmbd, int vocabSize, int nPositions, double layerNormEpsilon,
    double dropout) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Validates every field and names the bad one. */
  public GptConfig {
    positive("n_layer", nLayer);
    positive("n_head", nHead);
    positive("n_embd", nEmbd);
    positive("vocab_size", vocabSize);
    positive("n_positions", nPositions);
    if (nEmbd % nHead != 0) {
      throw new IllegalArgumentException("n_embd " + nEmbd + " is not divisible by n_head " + nHead
          + " (each head needs n_embd / n_head channels)");
    }
    if (!(layerNormEpsilon > 0)) {
      throw new IllegalArgumentException("layer_norm_epsilon " + layerNormEpsilon + " must be > 0");
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("dropout " + dropout + " must be in [0, 1)");
    }
  }

  private static void positive(String name, int v) {
    if (v <= 0) {
      throw new IllegalArgumentException(name + " " + v + " must be > 0");
    }
  }

  /** A config with epsilon 1e-5 and no dropout. */
  public static GptConfig of(int nLayer, int nHead, int nEmbd, int vocabSize, int nPositions) {
    return new GptConfig(nLayer, nHead, nEmbd, vocabSize, nPositions, 1e-5, 0.0);
  }

  /** Channels per head, n_embd / n_head. */
  public int headSize() {
    return nEmbd / nHead;
  }

  /** The config as Hugging Face GPT-2 {@code config.json} text. */
  public String toJson() {
    ObjectNode n = JSON.createObjectNode();
    n.put("model_type", "gpt2");
    n.putArray("architectures").add("GPT2LMHeadModel");
    n.put("n_layer", nLayer).put("n_head", nHead).put("n_embd", nEmbd).put("vocab_size", vocabSize);
    n.put("n_positions", nPositions).put("n_ctx", nPositions).put("layer_norm_epsilon", layerNormEpsilon);
    n.put("resid_pdrop", dropout).put("embd_pdrop", dropout).put("attn_pdrop", 0.0);
    n.put("activation_function", "gelu_new").put("tie_word_embeddings", true).putNull("n_inner");
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a Hugging Face GPT-2 {@code config.json}; rejects variants this model does not implement. */
  public static GptConfig fromJson(String text, String source) {
    JsonNode n;
    try {
      n = JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(source + ": not valid JSON: " + e.getMessage(), e);
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException(source + ": expected a JSON object");
    }
    String act = n.path("activation_function").asText("gelu_new");
    if (!act.equals("gelu_new") && !act.equals("gelu_pytorch_tanh")) {
      throw new IllegalArgumentException(source + ": activation_function '" + act
          + "' is not supported (expected gelu_new, the tanh form GPT-2 uses)");
    }
    if (!n.path("tie_word_embeddings").asBoolean(true)) {
      throw new IllegalArgumentException(source + ": tie_word_embeddings false is not supported (the head is tied)");
    }
    int nEmbd = intField(n, "n_embd", source);
    JsonNode inner = n.path("n_inner");
    if (!inner.isMissingNode() && !inner.isNull() && inner.asInt() != 4 * nEmbd) {
      throw new IllegalArgumentException(source + ": n_inner " + inner.asInt() + " is not supported (expected null or "
          + 4 * nEmbd + ")");
    }
    return new GptConfig(intField(n, "n_layer", source), intField(n, "n_head", source), nEmbd,
        intField(n, "vocab_size", source), intField(n, "n_positions", source),
        n.path("layer_norm_epsilon").asDouble(1e-5), n.path("resid_pdrop").asDouble(0.0));
  }

  /** Reads {@code config.json} from a file. */
  public static GptConfig read(Path file) {
    try {
      return fromJson(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model config " + file + ": " + e.getMessage(), e);
    }
  }

  private static int intField(JsonNode n, String name, String source) {
    JsonNode v = n.get(name);
    if (v == null || !v.canConvertToExactIntegral() || !v.canConvertToInt()) {
      throw new IllegalArgumentException(source + ": field '" + name + "' is missing or not an integer (got "
          + (v == null ? "nothing" : v.toString()) + ")");
    }
    return v.asInt();
  }
}
