package org.grpo4j.cli.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.grpo4j.cli.check.BoundedLines;
import org.grpo4j.tokenizer.Tokenizer;
import org.grpo4j.transformer.sft.SftExample;

/**
 * JSONL records for sft, one object per line: {@code {"prompt": TEXT, "completion": TEXT}} (needs a tokenizer) or
 * {@code {"prompt_ids": [..], "completion_ids": [..]}}; blank lines are skipped, errors name the line. Limits: lines
 * of at most 16 MiB ({@link BoundedLines#MAX_LINE_BYTES}) and {@link #MAX_RECORDS} lines. {@code lines} are the
 * records' 1-based line numbers, for errors.
 */
record SftData(Path file, List<JsonNode> records, List<Integer> lines) {
  /** Most records read (lines, each at most {@link BoundedLines#MAX_LINE_BYTES}). */
  static final int MAX_RECORDS = 10_000_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads and parses every line of {@code file}. */
  static SftData read(Path file) {
    List<String> lines = BoundedLines.read(file, "--data " + file, MAX_RECORDS);
    List<JsonNode> records = new ArrayList<>();
    List<Integer> numbers = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      try {
        JsonNode n = JSON.readTree(lines.get(i));
        if (n == null || !n.isObject()) {
          throw new IllegalArgumentException("expected a JSON object");
        }
        records.add(n);
        numbers.add(i + 1);
      } catch (IOException | IllegalArgumentException e) {
        throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + e.getMessage().split("\n")[0]);
      }
    }
    if (records.isEmpty()) {
      throw new IllegalArgumentException(file + " has no records (expected JSONL with prompt and completion)");
    }
    return new SftData(file, records, numbers);
  }

  /** True when some record has text (so a tokenizer is needed). */
  boolean hasText() {
    return records.stream().anyMatch(n -> n.has("prompt") || n.has("completion"));
  }

  /** All prompt and completion text, for building a character vocabulary. */
  String allText() {
    StringBuilder sb = new StringBuilder();
    records.forEach(n -> sb.append(n.path("prompt").asText("")).append(n.path("completion").asText("")));
    return sb.toString();
  }

  /** The examples, encoding text with {@code tokenizer} (may be null when every record has ids). */
  List<SftExample> examples(Tokenizer tokenizer) {
    List<SftExample> out = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      JsonNode n = records.get(i);
      try {
        out.add(new SftExample(part(n, "prompt", tokenizer), part(n, "completion", tokenizer)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + " line " + lines.get(i) + " (record " + (i + 1) + "): "
            + e.getMessage());
      }
    }
    return out;
  }

  private static int[] part(JsonNode n, String key, Tokenizer tokenizer) {
    if (n.has(key + "_ids")) {
      JsonNode a = n.get(key + "_ids");
      if (!a.isArray()) {
        throw new IllegalArgumentException("'" + key + "_ids' must be an array of token ids");
      }
      int[] ids = new int[a.size()];
      for (int i = 0; i < ids.length; i++) {
        JsonNode id = a.get(i);
        if (!id.isIntegralNumber() || !id.canConvertToInt() || id.asInt() < 0) {
          throw new IllegalArgumentException("'" + key + "_ids' holds " + id + ", not a token id (expected an "
              + "integer from 0 to " + Integer.MAX_VALUE + ")");
        }
        ids[i] = a.get(i).asInt();
      }
      return ids;
    }
    if (n.has(key)) {
      if (tokenizer == null) {
        throw new IllegalArgumentException("'" + key + "' is text but no tokenizer is available");
      }
      return tokenizer.encode(n.get(key).asText());
    }
    throw new IllegalArgumentException("missing '" + key + "' (text) or '" + key + "_ids' (token ids)");
  }
}
