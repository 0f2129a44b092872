package org.grpo4j.rl.task.math;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;

/** Reads one JSONL line as an object with required string fields, naming the source, line and expectation on error. */
final class JsonLines {
  /** The one mapper (thread-safe once configured). */
  static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private JsonLines() {}

  /** The string values of {@code fields} in the JSON object on {@code text}, in order. */
  static String[] strings(String text, String source, long line, String... fields) {
    String expected = expected(fields);
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new MalformedLineException(source, line, "not valid JSON (" + e.getOriginalMessage() + "), " + expected);
    }
    if (node == null || !node.isObject()) {
      String got = node == null || node.isMissingNode() ? "nothing" : "a JSON " + typeOf(node);
      throw new MalformedLineException(source, line, "got " + got + ", " + expected);
    }
    String[] out = new String[fields.length];
    for (int i = 0; i < fields.length; i++) {
      JsonNode v = node.get(fields[i]);
      if (v == null) {
        throw new MalformedLineException(source, line, "missing field \"" + fields[i] + "\", " + expected);
      }
      if (!v.isTextual()) {
        throw new MalformedLineException(source, line, "field \"" + fields[i] + "\" is a " + typeOf(v)
            + ", " + expected);
      }
      out[i] = v.textValue();
    }
    return out;
  }

  /** The complaint about a line longer than {@code maxChars}. */
  static MalformedLineException tooLong(String source, long line, int maxChars, String... fields) {
    return new MalformedLineException(source, line, "line is longer than " + maxChars + " characters, "
        + expected(fields) + " on a line of at most that length");
  }

  private static String typeOf(JsonNode node) {
    return node.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  private static String expected(String... fields) {
    StringBuilder b = new StringBuilder("expected a JSON object with string fields ");
    for (int i = 0; i < fields.length; i++) {
      b.append(i == 0 ? "" : i == fields.length - 1 ? " and " : ", ").append('"').append(fields[i]).append('"');
    }
    return b.toString();
  }
}
