package org.grpo4j.transformer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.grpo4j.nn.checkpoint.Checkpoint;
import org.grpo4j.nn.checkpoint.CheckpointException;
import org.grpo4j.nn.io.IoErrors;
import org.grpo4j.nn.io.Safetensors;
import org.grpo4j.nn.io.SafetensorsException;
import org.grpo4j.nn.io.SafetensorsHeader;
import org.grpo4j.nn.io.TensorInfo;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The weight files of a Hugging Face directory: {@code model.safetensors}, or the shards that
 * {@code model.safetensors.index.json} lists (plain file names in the directory; every tensor in exactly the shard
 * the index names). Headers are read first, so that shapes can be checked before any tensor is allocated.
 */
final class ShardedSafetensors {
  static final String INDEX = "model.safetensors.index.json";
  private static final Pattern SHARD_NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}\\.safetensors");
  private static final long MAX_INDEX_BYTES = 64L << 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  private ShardedSafetensors() {}

  /** The weight files of {@code dir}, in index order (one file when unsharded). */
  static List<Path> files(Path dir) {
    Path single = dir.resolve(Checkpoint.MODEL);
    Path index = dir.resolve(INDEX);
    if (Files.isRegularFile(single) || !Files.isRegularFile(index)) {
      if (!Files.isRegularFile(single)) {
        throw new CheckpointException(dir.toString(), List.of("no " + Checkpoint.MODEL + " and no " + INDEX));
      }
      return List.of(single);
    }
    JsonNode map;
    try {
      if (Files.size(index) > MAX_INDEX_BYTES) {
        throw new CheckpointException(dir.toString(), List.of(INDEX + " is " + Files.size(index)
            + " bytes, more than the " + MAX_INDEX_BYTES + " an index may have"));
      }
      map = JSON.readTree(Files.readString(index)).get("weight_map");
    } catch (IOException e) {
      throw new CheckpointException(dir.toString(), "cannot read " + INDEX + ": " + IoErrors.reason(e), e);
    }
    if (map == null || !map.isObject() || map.isEmpty()) {
      throw new CheckpointException(dir.toString(), List.of(INDEX + " has no weight_map object (expected tensor"
          + " name -> shard file)"));
    }
    Set<String> names = new LinkedHashSet<>();
    map.fields().forEachRemaining(e -> names.add(e.getValue().asText()));
    List<Path> out = new ArrayList<>();
    for (String name : names) {
      if (!SHARD_NAME.matcher(name).matches()) {
        throw new CheckpointException(dir.toString(), List.of(INDEX + " names shard '" + name + "' (expected a plain"
            + " file name ending in .safetensors inside the directory)"));
      }
      Path shard = dir.resolve(name);
      if (!Files.isRegularFile(shard)) {
        throw new CheckpointException(dir.toString(), List.of(INDEX + " names shard " + name + ", which is missing"));
      }
      out.add(shard);
    }
    return out;
  }

  /** Every tensor's header entry across the files; a name held by two files is an error. */
  static Map<String, TensorInfo> headers(Path dir, List<Path> files) {
    Map<String, TensorInfo> all = new LinkedHashMap<>();
    for (Path f : files) {
      SafetensorsHeader h;
      try {
        h = Safetensors.readHeader(f);
      } catch (IOException | SafetensorsException e) {
        throw new CheckpointException(dir.toString(), "cannot read " + f.getFileName() + ": " + IoErrors.reason(e),
            e);
      }
      for (TensorInfo t : h.tensors()) {
        if (all.put(t.name(), t) != null) {
          throw new CheckpointException(dir.toString(), List.of("tensor " + t.name() + " appears in two shards (again"
              + " in " + f.getFileName() + ")"));
        }
      }
    }
    return all;
  }

  /** Every tensor of the files (F16 and BF16 widened to float32 by the reader). */
  static Map<String, INDArray> read(Path dir, List<Path> files) {
    Map<String, INDArray> all = new LinkedHashMap<>();
    for (Path f : files) {
      try {
        all.putAll(Safetensors.read(f).tensors());
      } catch (IOException | SafetensorsException e) {
        throw new CheckpointException(dir.toString(), "cannot read " + f.getFileName() + ": " + IoErrors.reason(e),
            e);
      }
    }
    return all;
  }
}
