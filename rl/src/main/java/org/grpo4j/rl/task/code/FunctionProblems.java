package org.grpo4j.rl.task.code;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.grpo4j.rl.task.Problem;
import org.grpo4j.sandbox.TestSpec;

/**
 * Generates function-synthesis problems: the prompt is a comment (signature and description, then examples) and
 * the function's opening line; the solution is the body and closing brace; hidden cases go in the reference.
 * Problem {@code i} of a stream depends only on the seed and {@code i}.
 */
public final class FunctionProblems {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private final FunctionTaskConfig config;
  private final List<FunctionFamily> families;

  /** A generator for {@code config}. */
  public FunctionProblems(FunctionTaskConfig config) {
    this.config = config;
    this.families = FunctionFamilies.of(config.difficulty());
  }

  /** Problem {@code index} of stream {@code stream} (0 for training, 1 for held out). */
  public Problem problem(int stream, long index) {
    if (index < 0) {
      throw new IllegalArgumentException("problem index " + index + " must be >= 0");
    }
    SplittableRandom rng = new SplittableRandom(mix(config.seed() * GOLDEN + stream) ^ mix(index + 1));
    FunctionFamily fam = families.get(rng.nextInt(families.size()));
    int k = rng.nextInt(2, 10);
    String name = fam.nameFor(k);
    StringBuilder prompt = new StringBuilder("// ").append(name).append('(').append(fam.params()).append("): ")
        .append(fam.describe(k)).append('\n');
    for (int e = 0; e < config.examples(); e++) {
      List<Object> args = fam.draw().draw(rng, k, config.maxValue());
      prompt.append("// ").append(name).append('(').append(argText(args)).append(") == ")
          .append(json(fam.eval().apply(args, k))).append('\n');
    }
    prompt.append("function ").append(name).append('(').append(fam.params()).append(") {");
    List<TestSpec.Case> cases = new ArrayList<>();
    for (int c = 0; c < config.hiddenCases(); c++) {
      List<Object> args = fam.draw().draw(rng, k, config.maxValue());
      cases.add(new TestSpec.Case((ArrayNode) JSON.valueToTree(args), JSON.valueToTree(fam.eval().apply(args, k))));
    }
    CodeReference ref = new CodeReference(new TestSpec.Cases(name, cases), CodeReference.JS_STOP_TOKENS);
    String id = "fn-" + config.difficulty().name().toLowerCase() + "-" + (stream == 0 ? "train-" : "heldout-") + index;
    return new Problem(id, prompt.toString(), ref.toJson(), "\n  " + fam.bodyFor(k) + "\n}");
  }

  private static String argText(List<Object> args) {
    String s = json(args);
    return s.substring(1, s.length() - 1).replace(",", ", ");
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value + " as JSON", e);
    }
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
