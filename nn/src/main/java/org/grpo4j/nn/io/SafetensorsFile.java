package org.grpo4j.nn.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The content of a safetensors file: named tensors in header order and the {@code __metadata__} strings. */
public record SafetensorsFile(Map<String, INDArray> tensors, Map<String, String> metadata) {

  /** Copies both maps into unmodifiable insertion-ordered maps; rejects null keys and values. */
  public SafetensorsFile {
    tensors = Collections.unmodifiableMap(copy(tensors, "tensor"));
    metadata = Collections.unmodifiableMap(copy(metadata, "metadata"));
  }

  private static <V> LinkedHashMap<String, V> copy(Map<String, V> map, String what) {
    LinkedHashMap<String, V> out = new LinkedHashMap<>();
    Objects.requireNonNull(map, what + " map").forEach((k, v) -> out.put(Objects.requireNonNull(k, what + " name"),
        Objects.requireNonNull(v, () -> what + " '" + k + "' is null")));
    return out;
  }

  /** The tensor named {@code name}; throws naming the available tensors when absent. */
  public INDArray tensor(String name) {
    INDArray t = tensors.get(name);
    if (t == null) {
      throw new IllegalArgumentException("no tensor '" + name + "'; the file has " + tensors.keySet());
    }
    return t;
  }
}
