package org.grpo4j.transformer;

import java.util.ArrayList;
import java.util.List;
import org.grpo4j.autograd.F;
import org.grpo4j.autograd.Tensor;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The batched score path RL objectives differentiate: per-token log p(completion[j] | prompt, completion[<j])
 * with gradients, for ragged prompt/completion pairs. Sequences are right-padded (positions 0.., no key mask
 * needed under causal attention); only completion positions go through the output head.
 */
public final class Scorer {
  private static final int PAD = 0;

  private Scorer() {}

  /** Throws naming the sequence and completion position of the first non-finite log-probability. */
  private static void checkFinite(Tensor logp, int tc, List<int[]> completions) {
    if (Double.isFinite(logp.data().sumNumber().doubleValue())) {
      return;
    }
    double[] v = logp.data().ravel().toDoubleVector();
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i])) {
        int b = i / tc;
        int j = i % tc;
        String token = j < completions.get(b).length ? "token " + completions.get(b)[j] : "padding";
        throw new NonFiniteException("score: sequence " + b + ", completion position " + j + " (" + token
            + "): log p", v[i]);
      }
    }
  }

  /** Log-probabilities (B, Tc) of the completion tokens, Tc the longest completion, and their mask. */
  public static ScoredBatch score(LanguageModel model, List<int[]> prompts, List<int[]> completions) {
    return score(model, prompts, completions, 1.0);
  }

  /**
   * Log-probabilities (B, Tc) under the tempered policy log softmax(logits / temperature) (no top-k/top-p
   * truncation: the distribution the sampler reports as {@code Completion.policyLogProbs}), and their mask.
   */
  public static ScoredBatch score(LanguageModel model, List<int[]> prompts, List<int[]> completions, double temperature) {
    if (!(temperature > 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException("score: temperature " + temperature + " must be finite and > 0");
    }
    int batch = prompts.size();
    if (batch == 0 || completions.size() != batch) {
      throw new IllegalArgumentException("score: " + batch + " prompts and " + completions.size()
          + " completions (expected the same non-zero number)");
    }
    int tc = 0;
    List<int[]> inputs = new ArrayList<>(batch);
    for (int b = 0; b < batch; b++) {
      int[] p = prompts.get(b);
      int[] c = completions.get(b);
      if (p.length == 0) {
        throw new IllegalArgumentException("score: prompt " + b + " is empty (the first completion token needs "
            + "a context)");
      }
      int len = p.length + Math.max(0, c.length - 1);
      if (len > model.contextLength()) {
        throw new IllegalArgumentException("score: prompt " + b + " (" + p.length + " tokens) + completion ("
            + c.length + " tokens) needs " + len + " positions, more than the context of "
            + model.contextLength() + " (n_positions)");
      }
      int[] in = new int[len];
      System.arraycopy(p, 0, in, 0, p.length);
      System.arraycopy(c, 0, in, p.length, len - p.length);
      inputs.add(in);
      tc = Math.max(tc, c.length);
    }
    if (tc == 0) {
      throw new IllegalArgumentException("score: every completion is empty");
    }
    TokenBatch tokens = TokenBatch.rightPadded(inputs, PAD);
    int t = tokens.time();
    int[] rows = new int[batch * tc];
    int[] targets = new int[batch * tc];
    float[] mask = new float[batch * tc];
    for (int b = 0; b < batch; b++) {
      int[] c = completions.get(b);
      for (int j = 0; j < c.length; j++) {
        rows[b * tc + j] = b * t + prompts.get(b).length - 1 + j; // the position that predicts c[j]
        targets[b * tc + j] = c[j];
        mask[b * tc + j] = 1f;
      }
    }
    long d = model.hiddenSize();
    Tensor hidden = model.hidden(tokens, null).reshape((long) batch * t, d); // (B*T, C)
    Tensor picked = F.embedding(hidden, rows, batch, tc); // (B, Tc, C)
    Tensor logits = model.head(picked); // (B, Tc, V)
    Tensor logp = F.gatherLogProb(temperature == 1.0 ? logits : logits.div(temperature), targets); // (B, Tc)
    checkFinite(logp, tc, completions);
    return new ScoredBatch(logp, Nd4j.create(mask, new long[] {batch, tc}, 'c').castTo(model.dtype()));
  }
}
