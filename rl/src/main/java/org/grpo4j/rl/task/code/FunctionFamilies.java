package org.grpo4j.rl.task.code;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** The generated function families of each {@link Difficulty}. */
final class FunctionFamilies {
  private FunctionFamilies() {}

  static List<FunctionFamily> of(Difficulty d) {
    return switch (d) {
      case EASY -> easy();
      case MEDIUM -> medium();
      case HARD -> hard();
    };
  }

  private static int i(Object o) {
    return (Integer) o;
  }

  private static int draw(SplittableRandom r, int lo, int hi) {
    return r.nextInt(lo, hi + 1);
  }

  private static FunctionFamily.ArgDraw ints(int n) {
    return (r, k, m) -> {
      List<Object> args = new ArrayList<>();
      for (int j = 0; j < n; j++) {
        args.add(draw(r, -m, m));
      }
      return args;
    };
  }

  private static FunctionFamily.ArgDraw array() {
    return (r, k, m) -> {
      List<Object> xs = new ArrayList<>();
      int n = draw(r, 0, 5);
      for (int j = 0; j < n; j++) {
        xs.add(draw(r, -m, m));
      }
      return List.of(xs);
    };
  }

  @SuppressWarnings("unchecked")
  private static List<Integer> xs(List<Object> args) {
    return (List<Integer>) args.get(0);
  }

  private static FunctionFamily f(String name, String params, String desc, String body, FunctionFamily.ArgDraw draw,
      FunctionFamily.Eval eval) {
    return new FunctionFamily(name, params, desc, body, draw, eval);
  }

  private static List<FunctionFamily> easy() {
    return List.of(
        f("add", "a, b", "return a + b", "return a + b;", ints(2), (a, k) -> i(a.get(0)) + i(a.get(1))),
        f("sub", "a, b", "return a - b", "return a - b;", ints(2), (a, k) -> i(a.get(0)) - i(a.get(1))),
        f("mul", "a, b", "return a * b", "return a * b;", ints(2), (a, k) -> i(a.get(0)) * i(a.get(1))),
        f("add{k}", "a", "return a + {k}", "return a + {k};", ints(1), (a, k) -> i(a.get(0)) + k),
        f("times{k}", "a", "return a * {k}", "return a * {k};", ints(1), (a, k) -> i(a.get(0)) * k),
        f("neg", "a", "return -a", "return -a;", ints(1), (a, k) -> -i(a.get(0))));
  }

  private static List<FunctionFamily> medium() {
    return List.of(
        f("max2", "a, b", "the larger of a and b", "return a > b ? a : b;", ints(2),
            (a, k) -> Math.max(i(a.get(0)), i(a.get(1)))),
        f("min2", "a, b", "the smaller of a and b", "return a < b ? a : b;", ints(2),
            (a, k) -> Math.min(i(a.get(0)), i(a.get(1)))),
        f("absolute", "n", "the absolute value of n", "return n < 0 ? -n : n;", ints(1), (a, k) -> Math.abs(i(a.get(0)))),
        f("isEven", "n", "true if n is even, else false", "return n % 2 === 0;", ints(1), (a, k) -> i(a.get(0)) % 2 == 0),
        f("sign", "n", "-1, 0 or 1, the sign of n", "return n > 0 ? 1 : n < 0 ? -1 : 0;", ints(1),
            (a, k) -> Integer.signum(i(a.get(0)))),
        f("square", "n", "n times n", "return n * n;", ints(1), (a, k) -> i(a.get(0)) * i(a.get(0))),
        f("isMultipleOf{k}", "n", "true if n is a multiple of {k}", "return n % {k} === 0;", ints(1),
            (a, k) -> i(a.get(0)) % k == 0),
        f("atMost{k}", "n", "n, but no more than {k}", "return n > {k} ? {k} : n;", ints(1), (a, k) -> Math.min(i(a.get(0)), k)));
  }

  private static List<FunctionFamily> hard() {
    FunctionFamily.ArgDraw nat = (r, k, m) -> List.of(draw(r, 0, Math.min(m, 10)));
    FunctionFamily.ArgDraw word = (r, k, m) -> List.of(word(r));
    return List.of(
        f("sumList", "xs", "the sum of the numbers in xs",
            "let s = 0;\n  for (let i = 0; i < xs.length; i++) s += xs[i];\n  return s;", array(),
            (a, k) -> xs(a).stream().mapToInt(Integer::intValue).sum()),
        f("countEven", "xs", "how many numbers in xs are even",
            "let c = 0;\n  for (let i = 0; i < xs.length; i++) if (xs[i] % 2 === 0) c++;\n  return c;", array(),
            (a, k) -> (int) xs(a).stream().filter(x -> x % 2 == 0).count()),
        f("evens", "xs", "the even numbers of xs, in order",
            "const out = [];\n  for (let i = 0; i < xs.length; i++) if (xs[i] % 2 === 0) out.push(xs[i]);\n  return out;",
            array(), (a, k) -> xs(a).stream().filter(x -> x % 2 == 0).toList()),
        f("reverse", "s", "the string s reversed",
            "let r = '';\n  for (let i = s.length - 1; i >= 0; i--) r += s[i];\n  return r;", word,
            (a, k) -> new StringBuilder((String) a.get(0)).reverse().toString()),
        f("factorial", "n", "n! (1 * 2 * ... * n) for n >= 0",
            "let p = 1;\n  for (let i = 2; i <= n; i++) p *= i;\n  return p;", nat,
            (a, k) -> { long p = 1; for (int j = 2; j <= i(a.get(0)); j++) { p *= j; } return p; }),
        f("sumTo", "n", "1 + 2 + ... + n for n >= 0", "let s = 0;\n  for (let i = 1; i <= n; i++) s += i;\n  return s;", nat,
            (a, k) -> i(a.get(0)) * (i(a.get(0)) + 1) / 2));
  }

  private static String word(SplittableRandom r) {
    StringBuilder sb = new StringBuilder();
    int n = draw(r, 0, 6);
    for (int j = 0; j < n; j++) {
      sb.append((char) ('a' + r.nextInt(5)));
    }
    return sb.toString();
  }
}
