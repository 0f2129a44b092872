package org.grpo4j.nn.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Parses, validates and encodes the JSON header of a safetensors file. */
final class HeaderCodec {
  static final String METADATA_KEY = "__metadata__";

  private static final JsonMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private HeaderCodec() {}

  /** Parses {@code json} and checks that its tensors tile the {@code dataLength}-byte data section exactly. */
  static SafetensorsHeader parse(Path file, byte[] json, long dataStart, long dataLength) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new SafetensorsException(file, "header is not valid JSON: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " at header byte " + e.getLocation().getByteOffset()), e);
    } catch (java.io.IOException e) {
      throw new SafetensorsException(file, "header is not valid JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new SafetensorsException(file, "header must be a JSON object, found "
          + (root == null ? "nothing" : root.getNodeType()));
    }
    List<TensorInfo> tensors = new ArrayList<>();
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      if (field.getKey().equals(METADATA_KEY)) {
        readMetadata(file, field.getValue(), metadata);
      } else {
        tensors.add(readTensor(file, field.getKey(), field.getValue()));
      }
    }
    checkLayout(file, tensors, dataLength);
    return new SafetensorsHeader(tensors, metadata, dataStart);
  }

  private static void readMetadata(Path file, JsonNode node, Map<String, String> out) {
    if (!node.isObject()) {
      throw new SafetensorsException(file, METADATA_KEY + " must be a JSON object of strings, found "
          + node.getNodeType());
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!e.getValue().isTextual()) {
        throw new SafetensorsException(file, METADATA_KEY + " value of '" + e.getKey() + "' must be a string, found "
            + e.getValue().getNodeType() + " " + e.getValue());
      }
      out.put(e.getKey(), e.getValue().textValue());
    }
  }

  private static TensorInfo readTensor(Path file, String name, JsonNode node) {
    if (!node.isObject()) {
      throw new SafetensorsException(file, "tensor '" + name + "' must be a JSON object with dtype, shape and "
          + "data_offsets, found " + node.getNodeType() + " " + node);
    }
    JsonNode dtype = node.get("dtype");
    if (dtype == null || !dtype.isTextual()) {
      throw new SafetensorsException(file, "tensor '" + name + "' needs a string \"dtype\", found " + dtype);
    }
    SafetensorsDtype type = SafetensorsDtype.parse(dtype.textValue(), name, file);
    long[] shape = longs(file, name, "shape", node.get("shape"), -1);
    long[] offsets = longs(file, name, "data_offsets", node.get("data_offsets"), 2);
    if (offsets[1] < offsets[0]) {
      throw new SafetensorsException(file, "tensor '" + name + "' has data_offsets " + Arrays.toString(offsets)
          + " with end before begin");
    }
    return new TensorInfo(name, type, Arrays.stream(shape).boxed().toList(), offsets[0], offsets[1]);
  }

  /** A JSON array of non-negative integers (of exactly {@code size} elements when size >= 0). */
  private static long[] longs(Path file, String tensor, String key, JsonNode node, int size) {
    String expected = size < 0 ? "an array of non-negative integers" : "an array of " + size + " non-negative integers";
    if (node == null || !node.isArray() || (size >= 0 && node.size() != size)) {
      throw new SafetensorsException(file, "tensor '" + tensor + "' needs \"" + key + "\" as " + expected
          + ", found " + node);
    }
    long[] out = new long[node.size()];
    for (int i = 0; i < out.length; i++) {
      JsonNode v = node.get(i);
      if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
        throw new SafetensorsException(file, "tensor '" + tensor + "' needs \"" + key + "\" as " + expected
            + ", found " + node);
      }
      out[i] = v.longValue();
    }
    return out;
  }

  /** Checks sizes against shapes and that the tensors cover {@code [0, dataLength)} without overlaps or holes. */
  private static void checkLayout(Path file, List<TensorInfo> tensors, long dataLength) {
    for (TensorInfo t : tensors) {
      long count = t.elementCount();
      long needed = count < 0 ? -1 : count > Long.MAX_VALUE / t.dtype().byteSize() ? -1 : count * t.dtype().byteSize();
      if (needed < 0) {
        throw new SafetensorsException(file, "tensor '" + t.name() + "' has shape " + t.shape()
            + " whose byte size overflows a long");
      }
      if (needed != t.byteLength()) {
        throw new SafetensorsException(file, "tensor '" + t.name() + "' has shape " + t.shape() + " and dtype "
            + t.dtype() + ", which needs " + needed + " bytes, but its data_offsets [" + t.begin() + ", " + t.end()
            + "] span " + t.byteLength() + " bytes");
      }
      if (t.end() > dataLength) {
        throw new SafetensorsException(file, "truncated: tensor '" + t.name() + "' needs bytes [" + t.begin() + ", "
            + t.end() + ") but the data section has only " + dataLength + " bytes");
      }
    }
    List<TensorInfo> sorted = new ArrayList<>(tensors);
    sorted.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
    long covered = 0;
    TensorInfo previous = null;
    for (TensorInfo t : sorted) {
      if (t.begin() > covered) {
        throw new SafetensorsException(file, "hole in the data section: bytes [" + covered + ", " + t.begin()
            + ") before tensor '" + t.name() + "' belong to no tensor");
      }
      if (t.begin() < covered) {
        throw new SafetensorsException(file, "tensor '" + t.name() + "' at bytes [" + t.begin() + ", " + t.end()
            + ") overlaps tensor '" + previous.name() + "' at bytes [" + previous.begin() + ", " + previous.end() + ")");
      }
      covered = t.end();
      previous = t;
    }
    if (covered != dataLength) {
      throw new SafetensorsException(file, "hole in the data section: it has " + dataLength
          + " bytes but the tensors cover only [0, " + covered + "); bytes [" + covered + ", " + dataLength
          + ") belong to no tensor");
    }
  }

  /** The header JSON for {@code tensors} (in order) and {@code metadata}, padded with spaces to a multiple of 8. */
  static byte[] encode(List<TensorInfo> tensors, Map<String, String> metadata) {
    ObjectNode root = JSON.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode meta = root.putObject(METADATA_KEY);
      new TreeMap<>(metadata).forEach(meta::put); // sorted: the same entries make the same bytes, whatever the map
    }
    for (TensorInfo t : tensors) {
      ObjectNode node = root.putObject(t.name());
      node.put("dtype", t.dtype().name());
      ArrayNode shape = node.putArray("shape");
      t.shape().forEach(shape::add);
      node.putArray("data_offsets").add(t.begin()).add(t.end());
    }
    byte[] json;
    try {
      json = JSON.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize a safetensors header", e);
    }
    int padded = (json.length + 7) / 8 * 8;
    byte[] out = Arrays.copyOf(json, padded);
    Arrays.fill(out, json.length, padded, (byte) ' ');
    return out;
  }
}
