package org.grpo4j.rl.task.code;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/** Reads JSONL records one per non-blank line; a bad line fails naming "{@code where} line N". */
final class JsonlRecords {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Turns one parsed line (with its 1-based number) into a record, throwing IllegalArgumentException if bad. */
  interface Parser<T> {
    T parse(JsonNode node, int line);
  }

  private JsonlRecords() {}

  /** Every record of {@code in}; {@code where} prefixes the line number in errors ("" for none). */
  static <T> List<T> read(Reader in, String where, Parser<T> parser) throws IOException {
    List<T> out = new ArrayList<>();
    BufferedReader r = new BufferedReader(in);
    String line;
    int number = 0;
    while ((line = r.readLine()) != null) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      String at = where.isEmpty() ? "line " + number : where + " line " + number;
      try {
        out.add(parser.parse(JSON.readTree(line), number));
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(at + ": not JSON: " + e.getOriginalMessage(), e);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(at + ": " + e.getMessage(), e);
      }
    }
    return out;
  }
}
