package org.grpo4j.nn.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The parsed header of a safetensors file: tensor entries in header order, the {@code __metadata__} strings, and
 * the absolute file position where the data section starts ({@code 8 + header length}).
 */
public record SafetensorsHeader(List<TensorInfo> tensors, Map<String, String> metadata, long dataStart) {

  /** Copies the lists and maps (keeping their order) and checks that names are unique and {@code dataStart >= 8}. */
  public SafetensorsHeader {
    tensors = List.copyOf(tensors);
    Map<String, String> meta = new LinkedHashMap<>();
    Objects.requireNonNull(metadata, "metadata").forEach((k, v) -> meta.put(Objects.requireNonNull(k, "metadata key"),
        Objects.requireNonNull(v, () -> "metadata value of '" + k + "'")));
    metadata = Collections.unmodifiableMap(meta);
    if (dataStart < 8) {
      throw new IllegalArgumentException("dataStart " + dataStart + " must be at least 8 (the length prefix)");
    }
    if (tensors.stream().map(TensorInfo::name).distinct().count() != tensors.size()) {
      throw new IllegalArgumentException("duplicate tensor names in " + tensors);
    }
  }

  /** The entry named {@code name}, or null. */
  public TensorInfo tensor(String name) {
    return tensors.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
  }
}
