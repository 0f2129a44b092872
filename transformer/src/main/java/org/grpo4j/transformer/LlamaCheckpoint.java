package org.grpo4j.transformer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.grpo4j.nn.checkpoint.Checkpoint;
import org.grpo4j.nn.checkpoint.CheckpointException;
import org.grpo4j.nn.io.TensorInfo;
import org.grpo4j.nn.memory.MemoryBudget;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Loads Hugging Face Llama / Qwen2 / Qwen3 directories: {@code config.json} plus {@code model.safetensors} or shards
 * listed in {@code model.safetensors.index.json}, in F32, BF16 or F16, computed in the requested dtype. The headers
 * are checked against the config and the size against the memory before anything is allocated.
 */
public final class LlamaCheckpoint {
  private static final Pattern LAYER = Pattern.compile("model\\.layers\\.(\\d+)\\..*");
  /** Buffers some checkpoints store that are recomputed here. */
  private static final Pattern BUFFER = Pattern.compile("model\\.layers\\.\\d+\\.self_attn\\.rotary_emb\\.inv_freq");

  private LlamaCheckpoint() {}

  /** A model of {@code dtype} read from {@code dir}; with {@link WeightScan#SCAN} every weight is checked finite. */
  public static Llama load(Path dir, DataType dtype, WeightScan scan) {
    LlamaConfig config;
    try {
      config = LlamaConfig.fromJson(Checkpoint.readConfig(dir), dir.resolve(Checkpoint.CONFIG).toString());
    } catch (IllegalArgumentException e) {
      throw new CheckpointException(dir.toString(), e.getMessage(), e);
    }
    List<Path> files = ShardedSafetensors.files(dir);
    checkHeaders(dir, config, ShardedSafetensors.headers(dir, files));
    new LlamaSize(config).requireFits(MemoryBudget.current(), 2, dtype, "loading checkpoint " + dir);
    Llama model = new Llama(config, 0, dtype);
    Map<String, INDArray> tensors = new LinkedHashMap<>();
    INDArray head = null;
    for (Map.Entry<String, INDArray> e : ShardedSafetensors.read(dir, files).entrySet()) {
      INDArray v = e.getValue();
      INDArray cast = v.dataType().isFPType() && v.dataType() != dtype ? v.castTo(dtype) : v;
      if (config.tieWordEmbeddings() && e.getKey().equals("lm_head.weight")) {
        head = cast;
      } else if (!BUFFER.matcher(e.getKey()).matches()) {
        tensors.put(e.getKey(), cast);
      }
    }
    INDArray embed = tensors.get("model.embed_tokens.weight");
    if (head != null && embed != null && !head.equalsWithEps(embed, 0.0)) {
      throw new CheckpointException(dir.toString(), List.of("tie_word_embeddings is true but lm_head.weight differs"
          + " from model.embed_tokens.weight (expected the same matrix, or no lm_head.weight)"));
    }
    if (scan == WeightScan.SCAN) {
      CheckpointPreflight.checkFinite(dir, tensors);
    }
    List<String> problems = model.stateDictProblems(tensors);
    if (!problems.isEmpty()) {
      throw new CheckpointException(dir.toString(), problems);
    }
    model.loadStateDict(tensors);
    return model;
  }

  /** Throws naming the field, the tensor and the shapes unless the headers fit the config. */
  private static void checkHeaders(Path dir, LlamaConfig c, Map<String, TensorInfo> headers) {
    String need = " (" + new LlamaSize(c).describe() + ", "
        + MemoryBudget.format(new LlamaSize(c).bytes(DataType.FLOAT)) + " as float32)";
    shape(dir, headers, "model.embed_tokens.weight", new long[] {c.vocabSize(), c.hiddenSize()},
        "vocab_size and hidden_size", need);
    shape(dir, headers, "model.layers.0.self_attn.q_proj.weight", new long[] {(long) c.nHead() * c.headDim(),
        c.hiddenSize()}, "num_attention_heads x head_dim and hidden_size", need);
    shape(dir, headers, "model.layers.0.self_attn.k_proj.weight", new long[] {(long) c.nKvHead() * c.headDim(),
        c.hiddenSize()}, "num_key_value_heads x head_dim and hidden_size", need);
    shape(dir, headers, "model.layers.0.mlp.gate_proj.weight", new long[] {c.intermediateSize(), c.hiddenSize()},
        "intermediate_size and hidden_size", need);
    TreeSet<Integer> layers = new TreeSet<>();
    for (String name : headers.keySet()) {
      Matcher m = LAYER.matcher(name);
      if (m.matches() && m.group(1).length() < 10) {
        layers.add(Integer.parseInt(m.group(1)));
      }
    }
    if (layers.size() != c.nLayer()) {
      String held = layers.isEmpty() ? "no layers" : layers.size() + " layers (model.layers." + layers.first()
          + " to model.layers." + layers.last() + ")";
      throw new CheckpointException(dir.toString(), List.of("config.json num_hidden_layers " + c.nLayer() + need
          + " does not match the weights, which hold " + held));
    }
    if (!c.tieWordEmbeddings() && !headers.containsKey("lm_head.weight")) {
      throw new CheckpointException(dir.toString(), List.of("tie_word_embeddings is false but the weights hold no"
          + " lm_head.weight"));
    }
  }

  private static void shape(Path dir, Map<String, TensorInfo> headers, String name, long[] expected, String fields,
      String need) {
    TensorInfo t = headers.get(name);
    if (t == null) {
      throw new CheckpointException(dir.toString(), List.of("the weights hold no " + name));
    }
    if (!Arrays.equals(t.shapeArray(), expected)) {
      throw new CheckpointException(dir.toString(), List.of(String.format(Locale.ROOT,
          "config.json %s%s expect %s of shape %s, but the weights hold %s", fields, need, name,
          Arrays.toString(expected), t.shape())));
    }
  }

  /** Names of the tensors a saved model holds, for structural checks. */
  static List<String> names(Llama model) {
    return new ArrayList<>(model.stateDict().keySet());
  }
}
