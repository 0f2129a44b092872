package org.grpo4j.transformer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.grpo4j.nn.io.IoErrors;

/**
 * Shape of a GPT-2 style model, with Hugging Face {@code config.json} field names. Validated on construction:
 * every size positive, n_embd divisible by n_head, dropout in [0, 1).
 */
public record GptConfig(int nLayer, int nHead, int nEmbd, int vocabSize, int nPositions, double layerNormEpsilon,
    double dropout) {
  /** Largest {@code config.json} read (GPT-2's is under 1 kB). */
  public static final long MAX_CONFIG_BYTES = 1 << 20;
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

  /**
   * Reads a Hugging Face GPT-2 {@code config.json}; rejects variants this model does not implement, fields of the
   * wrong JSON type, another {@code model_type} and unknown fields, naming each.
   */
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
    return new GptConfigJson(n, source).read();
  }

  /** Reads {@code config.json} from a file. */
  public static GptConfig read(Path file) {
    try {
      if (Files.size(file) > MAX_CONFIG_BYTES) {
        throw new IllegalArgumentException(file + " is " + Files.size(file) + " bytes, more than the "
            + MAX_CONFIG_BYTES + " a config.json may have");
      }
      return fromJson(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model config " + file + ": " + IoErrors.reason(e), e);
    }
  }
}
