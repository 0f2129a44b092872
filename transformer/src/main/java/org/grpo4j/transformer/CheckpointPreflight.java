package org.grpo4j.transformer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.grpo4j.nn.checkpoint.Checkpoint;
import org.grpo4j.nn.checkpoint.CheckpointException;
import org.grpo4j.nn.io.IoErrors;
import org.grpo4j.nn.io.Safetensors;
import org.grpo4j.nn.io.SafetensorsException;
import org.grpo4j.nn.io.SafetensorsHeader;
import org.grpo4j.nn.io.TensorInfo;
import org.grpo4j.nn.memory.MemoryBudget;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Checks made while loading a GPT checkpoint: the safetensors header against the config (shapes and block count,
 * read before any tensor data, so a config that claims a huge model fails at once) and the loaded weights for
 * non-finite values.
 */
final class CheckpointPreflight {
  private static final Pattern BLOCK = Pattern.compile("(?:transformer\\.)?h\\.(\\d+)\\..*");

  private CheckpointPreflight() {}

  /** Throws naming the config field, its size in bytes and what the file holds, unless the header fits the config. */
  static void checkHeader(Path dir, GptConfig config) {
    Path file = dir.resolve(Checkpoint.MODEL);
    if (!Files.isRegularFile(file)) {
      return; // the load names the missing file
    }
    SafetensorsHeader header;
    try {
      header = Safetensors.readHeader(file);
    } catch (IOException | SafetensorsException e) {
      throw new CheckpointException(dir.toString(), "cannot read " + Checkpoint.MODEL + ": " + IoErrors.reason(e),
          e);
    }
    GptSize size = new GptSize(config);
    String need = " (" + size.describe() + ", " + MemoryBudget.format(size.bytes(DataType.FLOAT)) + " as float32)";
    shape(dir, header, "wte.weight", config.vocabSize(), config.nEmbd(), "vocab_size", need);
    shape(dir, header, "wpe.weight", config.nPositions(), config.nEmbd(), "n_positions", need);
    TreeSet<Integer> blocks = new TreeSet<>();
    for (TensorInfo t : header.tensors()) {
      Matcher m = BLOCK.matcher(t.name());
      if (m.matches() && m.group(1).length() < 10) {
        blocks.add(Integer.parseInt(m.group(1)));
      }
    }
    if (blocks.size() != config.nLayer()) {
      String held = blocks.isEmpty() ? "no blocks" : blocks.size() + " blocks (h." + blocks.first() + " to h."
          + blocks.last() + ")";
      throw new CheckpointException(dir.toString(), List.of("config.json n_layer " + config.nLayer() + need
          + " does not match " + Checkpoint.MODEL + ", which holds " + held));
    }
  }

  private static void shape(Path dir, SafetensorsHeader h, String name, int rows, int cols, String field,
      String need) {
    TensorInfo t = h.tensor("transformer." + name) != null ? h.tensor("transformer." + name) : h.tensor(name);
    if (t != null && !Arrays.equals(t.shapeArray(), new long[] {rows, cols})) {
      throw new CheckpointException(dir.toString(), List.of(String.format(Locale.ROOT,
          "config.json %s %d and n_embd %d%s expect %s of shape (%d, %d), but %s holds %s", field, rows, cols, need,
          name, rows, cols, Checkpoint.MODEL, t.shape())));
    }
  }

  /** Throws naming the first tensor that holds NaN or infinity, the element and how many such values it holds. */
  static void checkFinite(Path dir, Map<String, INDArray> tensors) {
    for (Map.Entry<String, INDArray> e : tensors.entrySet()) {
      INDArray a = e.getValue();
      if (!a.dataType().isFPType() || a.length() == 0 || Double.isFinite(a.sumNumber().doubleValue())) {
        continue;
      }
      double[] v = a.ravel().toDoubleVector();
      int first = -1;
      long count = 0;
      for (int i = 0; i < v.length; i++) {
        if (!Double.isFinite(v[i])) {
          first = first < 0 ? i : first;
          count++;
        }
      }
      if (first >= 0) {
        throw new CheckpointException(dir.toString(), List.of(String.format(Locale.ROOT,
            "%s: %s holds %s at element %s (%,d non-finite values of %,d); the weights are broken",
            Checkpoint.MODEL, e.getKey(), v[first], Arrays.toString(unravel(first, a.shape())), count, v.length)));
      }
    }
  }

  private static long[] unravel(long flat, long[] shape) {
    long[] idx = new long[shape.length];
    for (int d = shape.length - 1; d >= 0; d--) {
      idx[d] = flat % shape[d];
      flat /= shape[d];
    }
    return idx;
  }
}
