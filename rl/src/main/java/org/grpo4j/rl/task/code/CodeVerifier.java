package org.grpo4j.rl.task.code;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.List;
import org.grpo4j.sandbox.Limits;
import org.grpo4j.sandbox.Program;
import org.grpo4j.sandbox.SandboxPool;
import org.grpo4j.sandbox.SandboxResult;

/**
 * The library call behind {@code grpo4j verify code --jsonl FILE}: each input line is a program ({@code program},
 * or {@code prompt} plus {@code completion}) with tests in either form; each output line is
 * {@code {"reward", "status", "passed", "total"}}, in input order.
 */
public final class CodeVerifier {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Totals of one verification: programs, programs with every test passed, and the mean reward. */
  public record Summary(int programs, int solved, double meanReward) {}

  private CodeVerifier() {}

  /** Reads every line (a malformed one fails with its line number before anything runs), runs all, writes results. */
  public static Summary verify(Reader in, Writer out, SandboxPool pool, Limits limits) throws IOException {
    List<Program> programs = JsonlRecords.read(in, "", (node, line) -> program(node, limits));
    List<SandboxResult> results = pool.runAll(programs);
    int solved = 0;
    double sum = 0;
    for (SandboxResult res : results) {
      ObjectNode o = JSON.createObjectNode();
      o.put("reward", res.reward());
      o.put("status", res.status().word());
      o.put("passed", res.passed());
      o.put("total", res.total());
      out.write(o.toString());
      out.write('\n');
      solved += res.solved() ? 1 : 0;
      sum += res.reward();
    }
    out.flush();
    return new Summary(results.size(), solved, results.isEmpty() ? 0.0 : sum / results.size());
  }

  private static Program program(JsonNode node, Limits limits) {
    if (!node.isObject()) {
      throw new IllegalArgumentException("expected a JSON object, got " + node.getNodeType());
    }
    List<String> parts = new java.util.ArrayList<>();
    for (String f : List.of("prompt", "completion")) {
      if (node.hasNonNull(f)) {
        parts.add("\"" + f + "\"");
      }
    }
    boolean whole = node.hasNonNull("program");
    if (whole && !parts.isEmpty()) {
      throw new IllegalArgumentException("both \"program\" and " + String.join(" and ", parts) + " are given; "
          + "expected \"program\", or \"prompt\" and \"completion\", not both");
    }
    if (!whole && parts.size() != 2) {
      throw new IllegalArgumentException("expected \"program\", or \"prompt\" and \"completion\"");
    }
    String program = whole ? text(node, "program") : null;
    CodeReference ref = CodeReference.fromJson(node); // the tests, read once
    String source = whole ? program : text(node, "prompt") + ref.truncate(text(node, "completion"));
    return new Program(source, ref.tests(), limits, 0L);
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (!v.isTextual()) {
      throw new IllegalArgumentException("\"" + field + "\" must be a string, got " + v.getNodeType());
    }
    return v.textValue();
  }
}
