package org.grpo4j.rl.task.code;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.util.List;
import org.grpo4j.rl.task.Problem;

/**
 * Loads code problems from JSONL, one object a line (blank lines skipped): MultiPL-E's form ({@code name},
 * {@code prompt}, {@code tests}, {@code stop_tokens}; HumanEval and MBPP in JavaScript) or the cases form
 * ({@code name}, {@code prompt}, {@code entry_point}, {@code cases}, optional {@code solution} and
 * {@code stop_tokens}). A malformed line fails with its line number.
 */
public final class CodeProblems {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CodeProblems() {}

  /** Every problem in {@code in}; {@code source} names the input in errors. */
  public static List<Problem> readJsonl(Reader in, String source) throws IOException {
    return JsonlRecords.read(in, source, CodeProblems::problem);
  }

  private static Problem problem(JsonNode node, int line) {
    if (!node.isObject()) {
      throw new IllegalArgumentException("expected a JSON object, got " + node.getNodeType());
    }
    JsonNode prompt = node.get("prompt");
    if (prompt == null || !prompt.isTextual()) {
      throw new IllegalArgumentException("\"prompt\" (a string) is missing");
    }
    if (prompt.textValue().isBlank()) {
      throw new IllegalArgumentException("\"prompt\" is empty; expected the start of the program to complete");
    }
    JsonNode solution = node.get("solution");
    if (solution != null && !solution.isNull() && !solution.isTextual()) {
      throw new IllegalArgumentException("\"solution\" must be a string (the completion that solves the problem), "
          + "got " + solution.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + solution);
    }
    ObjectNode ref = ((ObjectNode) node).deepCopy();
    if (!ref.has("stop_tokens") && ref.has("tests")) {
      CodeReference.JS_STOP_TOKENS.forEach(ref.putArray("stop_tokens")::add);
    }
    CodeReference reference = CodeReference.fromJson(ref);
    String name = node.hasNonNull("name") ? node.get("name").asText() : "line-" + line;
    return new Problem(name, prompt.asText(), reference.toJson(), solution == null || solution.isNull() ? null
        : solution.textValue());
  }
}
