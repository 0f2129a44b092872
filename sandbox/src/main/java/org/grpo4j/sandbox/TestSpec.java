package org.grpo4j.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The tests of a program, in one of two forms: {@link Cases} (call a function on JSON arguments, compare with
 * JSON values; reward = fraction passed) or {@link Script} (JavaScript that throws when a check fails, as in
 * MultiPL-E; reward 1 or 0).
 */
public sealed interface TestSpec permits TestSpec.Cases, TestSpec.Script {
  /** The number of tests: cases, or 1 for a script. */
  int total();

  /** This spec as JSON: {@code {"entry_point", "cases"}} or {@code {"tests"}}. */
  ObjectNode toJson();

  /** One case: JSON arguments and the expected JSON result. */
  record Case(ArrayNode args, JsonNode expected) {
    /** Checks that arguments and expected value are given. */
    public Case {
      Objects.requireNonNull(args, "case args");
      Objects.requireNonNull(expected, "case expected");
    }
  }

  /** Call {@code entryPoint} on each case's arguments and compare by deep strict equality. */
  record Cases(String entryPoint, List<Case> cases) implements TestSpec {
    /** Checks the entry point is an identifier and that there is at least one case. */
    public Cases {
      if (entryPoint == null || !entryPoint.matches("[A-Za-z_$][A-Za-z0-9_$]*")) {
        throw new IllegalArgumentException("tests: entry_point '" + entryPoint + "' is not a JavaScript identifier");
      }
      cases = List.copyOf(cases);
      if (cases.isEmpty()) {
        throw new IllegalArgumentException("tests: cases for '" + entryPoint + "' are empty; at least one is needed");
      }
    }

    @Override
    public int total() {
      return cases.size();
    }

    @Override
    public ObjectNode toJson() {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.put("entry_point", entryPoint);
      ArrayNode arr = o.putArray("cases");
      for (Case c : cases) {
        ObjectNode co = arr.addObject();
        co.set("args", c.args());
        co.set("expected", c.expected());
      }
      return o;
    }
  }

  /** JavaScript run after the program; it passes when it does not throw. */
  record Script(String tests) implements TestSpec {
    /** Checks the script is given. */
    public Script {
      Objects.requireNonNull(tests, "tests script");
    }

    @Override
    public int total() {
      return 1;
    }

    @Override
    public ObjectNode toJson() {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.put("tests", tests);
      return o;
    }
  }

  /**
   * Reads a spec from a JSON object with {@code tests} (a string) or {@code entry_point} and {@code cases}, not both;
   * other fields are ignored. A blank script is valid here (the sandbox runs programs alone too); data and
   * {@code verify code} refuse it ({@code CodeReference}).
   */
  static TestSpec fromJson(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("tests: expected a JSON object, got " + node);
    }
    JsonNode tests = node.get("tests");
    if (tests != null && !tests.isNull()) {
      List<String> other = new ArrayList<>();
      for (String f : List.of("entry_point", "cases")) {
        if (node.hasNonNull(f)) {
          other.add("\"" + f + "\"");
        }
      }
      if (!other.isEmpty()) {
        throw new IllegalArgumentException("tests: both \"tests\" and " + String.join(" and ", other) + " are given; "
            + "expected one form of tests: \"tests\" (a script) or \"entry_point\" and \"cases\"");
      }
      if (!tests.isTextual()) {
        throw new IllegalArgumentException("tests: 'tests' must be a string of JavaScript, got " + tests.getNodeType());
      }
      return new Script(tests.asText());
    }
    JsonNode entry = node.get("entry_point");
    JsonNode cases = node.get("cases");
    if (entry == null || !entry.isTextual() || cases == null || !cases.isArray()) {
      throw new IllegalArgumentException("tests: expected \"tests\" (a string) or \"entry_point\" (a string) and "
          + "\"cases\" (an array), got fields " + fieldNames(node));
    }
    List<Case> list = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      JsonNode c = cases.get(i);
      JsonNode args = c.get("args");
      if (!c.isObject() || args == null || !args.isArray() || !c.has("expected")) {
        throw new IllegalArgumentException("tests: case " + i + " must be {\"args\": [...], \"expected\": ...}, got " + c);
      }
      list.add(new Case((ArrayNode) args, c.get("expected")));
    }
    return new Cases(entry.asText(), list);
  }

  /** Reads a spec from JSON text. */
  static TestSpec parse(String json) {
    try {
      return fromJson(new ObjectMapper().readTree(json));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("tests: not JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
