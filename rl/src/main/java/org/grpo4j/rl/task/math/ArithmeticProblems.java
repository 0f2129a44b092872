package org.grpo4j.rl.task.math;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates expressions such as {@code 2+3*4-5} with exact divisions, and their worked solutions: multiplications
 * and divisions left to right, then additions and subtractions left to right, one {@code a op b=c} per step,
 * ending in {@code #### answer}.
 */
final class ArithmeticProblems {
  /** Largest candidate divisor tried when a division follows a division. */
  private static final int MAX_DIVISOR_TRIALS = 1_000;

  private ArithmeticProblems() {}

  /** One problem drawn from {@code r} under the knobs of {@code c}. */
  static GeneratedProblem generate(MathTaskConfig c, SplittableRandom r) {
    List<MathOp> allowed = new ArrayList<>(c.ops());
    int n = c.steps();
    long max = c.maxOperand();
    MathOp[] ops = new MathOp[n];
    for (int i = 0; i < n; i++) {
      ops[i] = allowed.get(r.nextInt(allowed.size()));
    }
    BigInteger[] x = new BigInteger[n + 1];
    BigInteger term = BigInteger.ONE;
    for (int k = 0; k <= n; k++) {
      MathOp before = k == 0 ? null : ops[k - 1];
      MathOp after = k == n ? null : ops[k];
      boolean newTerm = before == null || !before.multiplicative();
      if (x[k] == null && after == MathOp.DIV) {
        long b = r.nextLong(2, max + 1);
        long need = b / BigInteger.valueOf(b).gcd(newTerm ? BigInteger.ONE : term).longValueExact();
        x[k] = BigInteger.valueOf(need * r.nextLong(1, max / need + 1));
        x[k + 1] = BigInteger.valueOf(b);
      } else if (x[k] == null) {
        x[k] = BigInteger.valueOf(r.nextLong(0, max + 1));
      }
      term = newTerm ? x[k] : before.apply(term, x[k]);
      if (after == MathOp.DIV && x[k + 1] == null) {
        x[k + 1] = divisorOf(term, max, r);
      }
    }
    StringBuilder question = new StringBuilder().append(x[0]);
    for (int i = 0; i < n; i++) {
      question.append(ops[i].symbol()).append(x[i + 1]);
    }
    question.append("=?");
    return solve(GeneratedProblem.prompt(question.toString()), x, ops);
  }

  /** A random divisor of {@code v} in 2..min(max, 1000) (any of 2..max when {@code v} is 0), else 1. */
  private static BigInteger divisorOf(BigInteger v, long max, SplittableRandom r) {
    if (v.signum() == 0) {
      return BigInteger.valueOf(r.nextLong(2, max + 1));
    }
    long limit = Math.min(max, MAX_DIVISOR_TRIALS);
    List<Long> divisors = new ArrayList<>();
    boolean small = v.bitLength() < 63;
    long lv = small ? v.longValue() : 0;
    for (long d = 2; d <= limit; d++) {
      if (small ? lv % d == 0 : v.mod(BigInteger.valueOf(d)).signum() == 0) {
        divisors.add(d);
      }
    }
    return BigInteger.valueOf(divisors.isEmpty() ? 1 : divisors.get(r.nextInt(divisors.size())));
  }

  /** The worked solution of {@code x[0] ops[0] x[1] ...}, by precedence then left to right. */
  private static GeneratedProblem solve(String prompt, BigInteger[] x, MathOp[] ops) {
    List<BigInteger> vals = new ArrayList<>(List.of(x));
    List<MathOp> rest = new ArrayList<>(List.of(ops));
    StringBuilder sol = new StringBuilder();
    for (boolean multiplicative : new boolean[] {true, false}) {
      int i = 0;
      while (i < rest.size()) {
        if (rest.get(i).multiplicative() != multiplicative) {
          i++;
          continue;
        }
        BigInteger v = rest.get(i).apply(vals.get(i), vals.get(i + 1));
        sol.append(' ').append(vals.get(i)).append(rest.get(i).symbol()).append(vals.get(i + 1)).append('=').append(v);
        vals.set(i, v);
        vals.remove(i + 1);
        rest.remove(i);
      }
    }
    String answer = vals.get(0).toString();
    return new GeneratedProblem(prompt, sol.append(" #### ").append(answer).toString(), answer);
  }
}
