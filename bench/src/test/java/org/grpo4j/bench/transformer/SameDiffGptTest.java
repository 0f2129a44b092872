package org.grpo4j.bench.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.grpo4j.autograd.GradMode;
import org.grpo4j.transformer.Gpt;
import org.grpo4j.transformer.GptConfig;
import org.junit.jupiter.api.Test;

/** The SameDiff benchmark peer is the same model: same loss at the same weights, and its training step trains. */
class SameDiffGptTest {
  @Test
  void samePeerLossAtTheSameWeightsAndItsStepsReduceTheLoss() {
    int b = 2;
    int t = 8;
    GptConfig c = GptConfig.of(2, 2, 16, 30, 8);
    Gpt model = new Gpt(c, 4);
    SplittableRandom r = new SplittableRandom(5);
    int[] x = r.ints(b * t, 0, 30).toArray();
    int[] y = r.ints(b * t, 0, 30).toArray();
    int[][] xr = {Arrays.copyOfRange(x, 0, t), Arrays.copyOfRange(x, t, 2 * t)};
    int[][] yr = {Arrays.copyOfRange(y, 0, t), Arrays.copyOfRange(y, t, 2 * t)};
    double ours;
    try (var g = GradMode.noGrad()) {
      ours = model.loss(xr, yr).item();
    }
    SameDiffGpt exact = new SameDiffGpt(c, model.stateDict(), b, t, 1e-2, PeerForm.EXACT);
    assertEquals(ours, exact.loss(x, y), 1e-5, "same model, same weights, same loss");
    SameDiffGpt fast = new SameDiffGpt(c, model.stateDict(), b, t, 1e-2, PeerForm.FAST);
    double before = fast.loss(x, y);
    assertEquals(ours, before, 0.05, "the built-in GELU is a close approximation");
    for (int i = 0; i < 5; i++) {
      fast.step(x, y);
    }
    assertTrue(fast.loss(x, y) < before - 0.1, "SameDiff's Adam steps train: " + before + " -> " + fast.loss(x, y));
  }
}
