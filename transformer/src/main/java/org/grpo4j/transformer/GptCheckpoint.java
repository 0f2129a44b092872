package org.grpo4j.transformer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.grpo4j.nn.checkpoint.Checkpoint;
import org.grpo4j.nn.checkpoint.CheckpointException;
import org.grpo4j.nn.memory.MemoryBudget;
import org.grpo4j.nn.optim.Optimizer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * GPT checkpoints in the Hugging Face GPT-2 layout ({@code config.json} + {@code model.safetensors} with GPT-2 names,
 * Conv1D weights (in, out), tied head), so that grpo4j checkpoints and Hugging Face GPT-2 directories load the same
 * way; training checkpoints add {@code optimizer.safetensors} with the dropout seed stream.
 */
public final class GptCheckpoint {
  /** Buffers that older GPT-2 checkpoints store (causal masks), not parameters. */
  private static final Pattern BUFFER = Pattern.compile("transformer\\.h\\.\\d+\\.attn\\.(bias|masked_bias)");

  private GptCheckpoint() {}

  /** Writes the model (and, unless null, the optimizer with the dropout stream) to {@code dir}. */
  public static void save(Path dir, Gpt model, Optimizer optimizer) {
    ModelCheckpoint.save(dir, model, optimizer);
  }

  /** A float32 model read from {@code dir}: a grpo4j checkpoint or a Hugging Face GPT-2 directory. */
  public static Gpt load(Path dir) {
    return load(dir, DataType.FLOAT);
  }

  /**
   * A model of {@code dtype} read from {@code dir}. Hugging Face names are accepted with or without the
   * {@code transformer.} prefix; a tied {@code lm_head.weight} and attention mask buffers are skipped; floating
   * tensors are cast to {@code dtype}. Every missing, unexpected or mis-shaped tensor is named in the error.
   */
  public static Gpt load(Path dir, DataType dtype) {
    return load(dir, dtype, WeightScan.SCAN);
  }

  /**
   * As {@link #load(Path, DataType)}; before anything is allocated, the safetensors header is checked against the
   * config (the n_layer blocks, wte and wpe shapes) and the model's size against the memory available (two copies:
   * the file's tensors and the model); with {@link WeightScan#SCAN} every weight is checked for NaN and infinity.
   */
  public static Gpt load(Path dir, DataType dtype, WeightScan scan) {
    GptConfig config;
    try {
      config = GptConfig.fromJson(Checkpoint.readConfig(dir), dir.resolve(Checkpoint.CONFIG).toString());
    } catch (IllegalArgumentException e) {
      throw new CheckpointException(dir.toString(), e.getMessage(), e);
    }
    CheckpointPreflight.checkHeader(dir, config);
    new GptSize(config).requireFits(MemoryBudget.current(), 2, dtype, "loading checkpoint " + dir);
    Gpt model = new Gpt(config, 0, dtype);
    Map<String, INDArray> tensors = hfToGrpo(dir, Checkpoint.readFile(dir, Checkpoint.MODEL).tensors(), dtype);
    if (scan == WeightScan.SCAN) {
      CheckpointPreflight.checkFinite(dir, tensors);
    }
    List<String> problems = model.stateDictProblems(tensors);
    if (!problems.isEmpty()) {
      throw new CheckpointException(dir.resolve(Checkpoint.MODEL).toString(), problems);
    }
    model.loadStateDict(tensors);
    return model;
  }

  /** Restores parameters, optimizer state and dropout stream saved by {@link #save} into {@code model}. */
  public static void loadTraining(Path dir, Gpt model, Optimizer optimizer) {
    ModelCheckpoint.loadTraining(dir, model, optimizer);
  }

  private static Map<String, INDArray> hfToGrpo(Path dir, Map<String, INDArray> file, DataType dtype) {
    Map<String, INDArray> out = new LinkedHashMap<>();
    INDArray head = null;
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, INDArray> e : file.entrySet()) {
      String name = e.getKey().startsWith("transformer.") || e.getKey().startsWith("lm_head.") ? e.getKey()
          : "transformer." + e.getKey();
      INDArray v = e.getValue();
      if (name.equals("lm_head.weight")) {
        head = v;
      } else if (!BUFFER.matcher(name).matches()) {
        boolean castable = v.dataType().isFPType() && v.dataType() != dtype;
        out.put(name, castable ? v.castTo(dtype) : v);
      }
    }
    INDArray wte = out.get("transformer.wte.weight");
    if (head != null && wte != null && !head.castTo(dtype).equalsWithEps(wte, 0.0)) {
      problems.add("lm_head.weight differs from transformer.wte.weight (an untied output head is not supported)");
    }
    if (!problems.isEmpty()) {
      throw new CheckpointException(dir.resolve(Checkpoint.MODEL).toString(), problems);
    }
    return out;
  }
}
