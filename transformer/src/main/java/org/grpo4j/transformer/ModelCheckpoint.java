package org.grpo4j.transformer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.grpo4j.nn.checkpoint.Checkpoint;
import org.grpo4j.nn.checkpoint.CheckpointException;
import org.grpo4j.nn.optim.Optimizer;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Checkpoints of any {@link LanguageModel}: loading picks the architecture from {@code config.json}'s
 * {@code model_type} (gpt2 or absent: {@link GptCheckpoint}; llama, qwen2, qwen3: {@link LlamaCheckpoint}); saving
 * writes the Hugging Face layout ({@code config.json} + {@code model.safetensors} with Hugging Face names) and, with
 * an optimizer, {@code optimizer.safetensors} with the dropout seed stream.
 */
public final class ModelCheckpoint {
  private static final String DROPOUT_BASE = "grpo4j.dropout.base";
  private static final String DROPOUT_POSITION = "grpo4j.dropout.position";
  private static final ObjectMapper JSON = new ObjectMapper();

  private ModelCheckpoint() {}

  /** A float32 model read from {@code dir}. */
  public static LanguageModel load(Path dir) {
    return load(dir, DataType.FLOAT, WeightScan.SCAN);
  }

  /** A model of {@code dtype} read from {@code dir}, whichever supported architecture its config names. */
  public static LanguageModel load(Path dir, DataType dtype, WeightScan scan) {
    String type = modelType(dir);
    if (type == null || type.equals("gpt2")) {
      return GptCheckpoint.load(dir, dtype, scan);
    }
    if (ModelFamily.of(type) != null) {
      return LlamaCheckpoint.load(dir, dtype, scan);
    }
    throw new CheckpointException(dir.toString(), List.of("config.json model_type '" + type + "' is not supported"
        + " (expected gpt2, llama, qwen2 or qwen3)"));
  }

  /** The {@code model_type} of {@code dir/config.json}, or null when absent. */
  public static String modelType(Path dir) {
    JsonNode n;
    try {
      n = JSON.readTree(Checkpoint.readConfig(dir));
    } catch (IOException e) {
      throw new CheckpointException(dir.toString(), "config.json is not valid JSON: " + e.getMessage(), e);
    }
    JsonNode t = n == null ? null : n.get("model_type");
    if (t != null && !t.isNull() && !t.isTextual()) {
      throw new CheckpointException(dir.toString(), List.of("config.json model_type is " + t + ", not a string"));
    }
    return t == null || t.isNull() ? null : t.asText();
  }

  /** Writes the model (and, unless null, the optimizer with the dropout stream) to {@code dir}. */
  public static void save(Path dir, LanguageModel model, Optimizer optimizer) {
    Map<String, String> training = Map.of(DROPOUT_BASE, Long.toString(model.dropoutSeeds().base()),
        DROPOUT_POSITION, Long.toString(model.dropoutSeeds().position()));
    Checkpoint.save(dir, model, optimizer, model.configJson(), training);
  }

  /** Restores parameters, optimizer state and dropout stream saved by {@link #save} into {@code model}. */
  public static void loadTraining(Path dir, LanguageModel model, Optimizer optimizer) {
    Map<String, String> training = Checkpoint.load(dir, model, optimizer);
    try {
      model.dropoutSeeds().restore(Long.parseLong(training.getOrDefault(DROPOUT_BASE, "0")),
          Long.parseLong(training.getOrDefault(DROPOUT_POSITION, "0")));
    } catch (NumberFormatException e) {
      throw new CheckpointException(dir.toString(), "bad dropout stream metadata " + training, e);
    }
  }
}
