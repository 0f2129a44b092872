package org.grpo4j.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.grpo4j.bench.AttentionProblem;
import org.grpo4j.bench.GrpoAttention;
import org.grpo4j.bench.GrpoMlp;
import org.grpo4j.bench.HandAttention;
import org.grpo4j.bench.HandMlp;
import org.grpo4j.bench.MlpProblem;
import org.grpo4j.bench.SameDiffAttention;
import org.grpo4j.bench.SameDiffMlp;
import org.grpo4j.bench.Workload;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** grpo4j's gradients equal ND4J SameDiff's (and hand-derived ND4J's) on the same weights, in float64. */
class PeerGradientTest {
  private static final double TOL = 1e-6;

  /** max |a - b| / max |b|, per parameter. */
  private static void assertSameGradients(Workload ours, Workload peer, String peerName) {
    double l1 = ours.step();
    double l2 = peer.step();
    assertEquals(l2, l1, TOL * Math.max(1, Math.abs(l2)), "loss vs " + peerName);
    Map<String, INDArray> a = ours.gradients();
    Map<String, INDArray> b = peer.gradients();
    assertEquals(b.keySet(), a.keySet());
    double global = b.values().stream().mapToDouble(g -> g.amaxNumber().doubleValue()).max().orElse(0);
    assertTrue(global > 0, "all reference gradients are zero: the check would be vacuous");
    for (String k : b.keySet()) {
      INDArray ref = b.get(k);
      double scale = ref.amaxNumber().doubleValue();
      if (scale < 1e-8 * global) {
        // structurally zero (e.g. the key bias: softmax is invariant to q.bk); ours must be zero too
        double mine = a.get(k).amaxNumber().doubleValue();
        assertTrue(mine < 1e-8 * global, k + ": expected a zero gradient, got max |g| = " + mine);
        continue;
      }
      double rel = a.get(k).sub(ref).amaxNumber().doubleValue() / scale;
      assertTrue(rel < TOL, k + ": relative difference " + rel + " vs " + peerName);
    }
  }

  @Test
  void mlpGradientsMatchSameDiff() {
    MlpProblem p = MlpProblem.standard(DataType.DOUBLE, 7);
    assertSameGradients(new GrpoMlp(p), new SameDiffMlp(p), "SameDiff");
    assertSameGradients(new GrpoMlp(p), new HandMlp(p), "hand-written ND4J");
  }

  @Test
  void causalAttentionBlockGradientsMatchSameDiff() {
    AttentionProblem p = AttentionProblem.standard(DataType.DOUBLE, 11);
    assertSameGradients(new GrpoAttention(p), new SameDiffAttention(p), "SameDiff");
    assertSameGradients(new GrpoAttention(p), new HandAttention(p), "hand-written ND4J");
  }
}
