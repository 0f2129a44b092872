package org.grpo4j.rl.task.code;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.grpo4j.sandbox.TestSpec;

/**
 * What a code problem's {@code Problem.reference} holds: the tests (either sandbox form) and the stop tokens at
 * which a completion is cut, as one JSON object ({@code {"entry_point", "cases", "stop_tokens"}} or
 * {@code {"tests", "stop_tokens"}}).
 */
public record CodeReference(TestSpec tests, List<String> stopTokens) {
  /** MultiPL-E's stop tokens for JavaScript. */
  public static final List<String> JS_STOP_TOKENS = List.of("\nfunction ", "\n/*", "\n//", "\nconsole.log");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Checks that tests are given and no stop token is empty. */
  public CodeReference {
    Objects.requireNonNull(tests, "tests");
    stopTokens = List.copyOf(stopTokens);
    if (stopTokens.stream().anyMatch(String::isEmpty)) {
      throw new IllegalArgumentException("code reference: stop tokens " + stopTokens + " must not be empty");
    }
  }

  /** This reference as JSON text for {@code Problem.reference}. */
  public String toJson() {
    ObjectNode o = tests.toJson();
    stopTokens.forEach(o.putArray("stop_tokens")::add);
    return o.toString();
  }

  /** Reads a reference from JSON text; stop tokens default to none. */
  public static CodeReference parse(String json) {
    try {
      return fromJson(JSON.readTree(json));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("code reference: not JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Reads a reference from a JSON object with tests in either form (a script must not be blank: it would verify
   * nothing) and optional {@code stop_tokens}.
   */
  public static CodeReference fromJson(JsonNode node) {
    List<String> stops = new ArrayList<>();
    JsonNode st = node == null ? null : node.get("stop_tokens");
    if (st != null && !st.isNull()) {
      if (!st.isArray()) {
        throw new IllegalArgumentException("code reference: stop_tokens must be an array of strings, got " + st);
      }
      st.forEach(t -> stops.add(t.asText()));
    }
    TestSpec tests = TestSpec.fromJson(node);
    if (tests instanceof TestSpec.Script s && s.tests().isBlank()) {
      throw new IllegalArgumentException("tests: 'tests' is empty; expected JavaScript that throws when a check "
          + "fails (an empty script verifies nothing)");
    }
    return new CodeReference(tests, stops);
  }

  /** The completion up to (not including) its first stop token. */
  public String truncate(String completion) {
    int cut = completion.length();
    for (String stop : stopTokens) {
      int at = completion.indexOf(stop);
      if (at >= 0 && at < cut) {
        cut = at;
      }
    }
    return completion.substring(0, cut);
  }
}
