package org.grpo4j.transformer.sample;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.grpo4j.autograd.ops.ProbabilityRow;
import org.grpo4j.transformer.NonFiniteException;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The growing state of one generated sequence: its prompt, tokens so far, their log-probabilities, its random stream. */
final class SequenceState {
  private final int index;
  private final int[] prompt;
  private final int limit;
  private final SplittableRandom rng;
  private final int[] tokens;
  private final double[] sampled;
  private final double[] model;
  private final double[] policy;
  private int n;
  private StopReason reason;

  /** Sequence {@code index} of a run: at most {@code limit} new tokens after {@code prompt}, drawn from {@code rng}. */
  SequenceState(int index, int[] prompt, int limit, SplittableRandom rng) {
    this.index = index;
    this.prompt = prompt;
    this.limit = limit;
    this.rng = rng;
    this.tokens = new int[Math.max(0, limit)];
    this.sampled = new double[tokens.length];
    this.model = new double[tokens.length];
    this.policy = new double[tokens.length];
    if (limit <= 0) {
      reason = StopReason.CONTEXT_FULL;
    }
  }

  /**
   * Chooses the next token from the logits rows[from, from + v) under {@code c} and records it with its sampled, model
   * and policy log-probabilities (one log-softmax normalizer per temperature, shared by all three); records why the
   * sequence stops, if it does.
   */
  void choose(double[] rows, int from, int v, SamplingConfig c) {
    for (int i = from; i < from + v; i++) {
      if (!Double.isFinite(rows[i])) {
        throw new NonFiniteException("sampling step " + n + ", sequence " + index + ": the logit of token "
            + (i - from), rows[i]);
      }
    }
    double t = c.temperature();
    double lseModel = TokenDistribution.logSumExp(rows, from, v, 1.0);
    double lsePolicy = t == 1.0 ? lseModel : TokenDistribution.logSumExp(rows, from, v, t);
    int token;
    double logq;
    if (c.decoding() == Decoding.GREEDY) {
      token = TokenDistribution.argmax(rows, from, v);
      logq = 0.0;
    } else if (c.topK() == 0 && c.topP() == 1.0) { // the policy itself: no distribution to build
      token = TokenDistribution.drawUntruncated(rows, from, v, t, lsePolicy, rng.nextDouble());
      logq = rows[from + token] / t - lsePolicy;
    } else {
      double[] q = TokenDistribution.filtered(rows, from, v, t, c.topK(), c.topP());
      token = TokenDistribution.draw(q, rng.nextDouble());
      logq = Math.log(q[token]);
    }
    record(token, logq, rows[from + token] - lseModel, rows[from + token] / t - lsePolicy, c);
  }

  /**
   * {@link #choose(double[], int, int, SamplingConfig)} on a float32 model's logits ({@link FloatRow}): the same
   * choices and log-probabilities up to float32 rounding of the exponentials (1e-6 relative).
   */
  void choose(float[] rows, int from, int v, SamplingConfig c) {
    float max = FloatRow.checkedMax(rows, from, v, n, index);
    double t = c.temperature();
    double sumPolicy = FloatRow.expSum(rows, from, v, max, t); // leaves the policy's exponentials for the draw
    double lsePolicy = Math.log(sumPolicy);
    int token;
    double logq;
    if (c.decoding() == Decoding.GREEDY) {
      token = FloatRow.argmax(rows, from, v);
      logq = 0.0;
    } else if (c.topK() == 0 && c.topP() == 1.0) { // the policy itself: no distribution to build
      token = FloatRow.draw(FloatRow.exps(), v, sumPolicy, rng.nextDouble());
      logq = ((double) rows[from + token] - max) / t - lsePolicy;
    } else {
      double[] q = TokenDistribution.filtered(FloatRow.toDoubles(rows, from, v), 0, v, t, c.topK(), c.topP());
      token = TokenDistribution.draw(q, rng.nextDouble());
      logq = Math.log(q[token]);
    }
    double shifted = (double) rows[from + token] - max;
    double lseModel = t == 1.0 ? lsePolicy : Math.log(FloatRow.expSum(rows, from, v, max, 1.0));
    record(token, logq, shifted - lseModel, shifted / t - lsePolicy, c);
  }

  /**
   * {@link #choose(float[], int, int, SamplingConfig)} on a row of a float32 model's logits where they lie, elements
   * [offset, offset + v) of {@code logits}: untruncated sampling runs on {@link ProbabilityRow} (the same choices
   * and log-probabilities up to float32 rounding); greedy and filtered decoding, and a row that may hold a
   * non-finite logit, copy the row to the heap for the float path (which names such a logit).
   */
  void choose(INDArray logits, long offset, int v, SamplingConfig c) {
    if (c.decoding() == Decoding.GREEDY || c.topK() != 0 || c.topP() != 1.0
        || !ProbabilityRow.maybeFinite(logits, offset, v)) {
      choose(FloatRow.copy(logits, offset, v), 0, v, c);
      return;
    }
    double t = c.temperature();
    ProbabilityRow.Drawn d = ProbabilityRow.sample(logits, offset, v, t, rng.nextDouble());
    double logModel = t == 1.0 ? d.logProbability() : ProbabilityRow.logProbability(logits, offset, v, 1.0, d.token());
    record(d.token(), d.logProbability(), logModel, d.logProbability(), c);
  }

  /** Records the chosen token with its log-probabilities and why the sequence stops, if it does. */
  private void record(int token, double logq, double logModel, double logPolicy, SamplingConfig c) {
    tokens[n] = token;
    sampled[n] = logq;
    model[n] = logModel;
    policy[n] = logPolicy;
    n++;
    if (c.stopTokens().contains(token)) {
      reason = StopReason.STOP_TOKEN;
    } else if (n == limit) {
      reason = n == c.maxNewTokens() ? StopReason.MAX_NEW_TOKENS : StopReason.CONTEXT_FULL;
    }
  }

  /** True once the sequence has stopped. */
  boolean done() {
    return reason != null;
  }

  /** Prompt length plus generated tokens. */
  int length() {
    return prompt.length + n;
  }

  /** Tokens generated so far. */
  int generated() {
    return n;
  }

  /** The prompt's tokens. */
  int[] prompt() {
    return prompt;
  }

  /** The last generated token (the one the next pass feeds). */
  int lastToken() {
    return n == 0 ? prompt[prompt.length - 1] : tokens[n - 1];
  }

  /** Prompt followed by the generated tokens. */
  int[] sequence() {
    int[] s = Arrays.copyOf(prompt, prompt.length + n);
    System.arraycopy(tokens, 0, s, prompt.length, n);
    return s;
  }

  /** The finished completion. */
  Completion toCompletion() {
    return new Completion(Arrays.copyOf(tokens, n), Arrays.copyOf(sampled, n), Arrays.copyOf(model, n),
        Arrays.copyOf(policy, n), reason);
  }
}
