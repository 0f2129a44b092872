package org.grpo4j.rl.task.code;

import java.util.List;
import java.util.SplittableRandom;

/**
 * One kind of generated function: its name, parameters, a description and a body (both may hold {@code {k}}, a
 * constant drawn per problem), how to draw arguments, and the expected result computed in Java.
 */
record FunctionFamily(String name, String params, String description, String body, ArgDraw draw, Eval eval) {
  /** Draws one argument list given a random source, the problem's constant and the value bound. */
  @FunctionalInterface
  interface ArgDraw {
    List<Object> draw(SplittableRandom rng, int k, int maxValue);
  }

  /** The expected result for arguments and the problem's constant. */
  @FunctionalInterface
  interface Eval {
    Object apply(List<Object> args, int k);
  }

  /** Checks that every part is given. */
  FunctionFamily {
    if (name == null || params == null || description == null || body == null || draw == null || eval == null) {
      throw new IllegalArgumentException("function family " + name + ": every part is needed");
    }
  }

  /** The function name with {@code {k}} filled in. */
  String nameFor(int k) {
    return name.replace("{k}", Integer.toString(k));
  }

  String describe(int k) {
    return description.replace("{k}", Integer.toString(k));
  }

  String bodyFor(int k) {
    return body.replace("{k}", Integer.toString(k));
  }
}
