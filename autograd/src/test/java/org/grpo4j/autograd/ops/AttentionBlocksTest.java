package org.grpo4j.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.bytedeco.javacpp.Pointer;
import org.grpo4j.autograd.Parallel;
import org.grpo4j.autograd.ops.DnnlAttentionTest.Case;
import org.grpo4j.autograd.ops.DnnlAttentionTest.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link AttentionKernels}' thread blocks: float32 attention with P saved and dS in an array, with dS in the thread's
 * block, and with P recomputed in the backward gives the same bits (output and every gradient) at 1 and 2 threads,
 * and is close to float64, over random shapes (packed and separate, grouped heads, causal with more keys than
 * queries, unmasked); blocks full of NaN from an earlier use do not reach the results.
 */
class AttentionBlocksTest {
  private final int threads = Parallel.threads();
  private final boolean dnnl = DnnlAttention.enabled;
  private final boolean recompute = AttentionKernels.recompute;
  private final boolean dsBlocks = AttentionKernels.dsBlocks;

  @BeforeEach
  void openBlasPath() {
    DnnlAttention.enabled = false; // the blocks belong to the OpenBLAS path with oneDNN's softmax
    assumeTrue(Dnnl.KERNELS && DnnlSoftmax.usable(128, 128, 0) && DnnlSoftmax.usableBackward(128, 128, 0),
        "oneDNN's softmax is not jitted here: attention keeps P and dS in arrays");
  }

  @AfterEach
  void restore() {
    Parallel.setThreads(threads);
    DnnlAttention.enabled = dnnl;
    AttentionKernels.recompute = recompute;
    AttentionKernels.dsBlocks = dsBlocks;
  }

  @Test
  void threeWaysToKeepPAndDsGiveTheSameBitsAtAnyThreadCount() {
    qt().withExamples(System.getenv("CI") != null ? 10 : 25).withShrinkCycles(0).withFixedSeed(20261203L)
        .forAll(longs().all()).checkAssert(seed -> {
          Case c = Case.draw(new SplittableRandom(seed));
          Result ref = c.run(DataType.DOUBLE);
          Result first = null;
          for (int mode = 0; mode < 3; mode++) {
            AttentionKernels.dsBlocks = mode >= 1;
            AttentionKernels.recompute = mode == 2;
            boolean taken = AttentionKernels.recomputes(Nd4j.zeros(DataType.FLOAT, 1), false, c.dims(), c.visible(),
                c.scale());
            if (mode == 2) {
              assertTrue(taken, c + ": P is not recomputed");
            } else {
              assertFalse(taken, c + ": P recomputed with the switch off");
            }
            for (int n : new int[] {1, 2}) {
              Parallel.setThreads(n);
              Result got = c.run(DataType.FLOAT);
              ref.assertClose(got, c + " mode " + mode);
              if (first == null) {
                first = got;
              } else {
                first.assertIdentical(got, c + " mode " + mode + " at " + n + " threads");
              }
            }
          }
        });
  }

  /** The blocks are reused: every entry, masked ones included, must be written before it is read. */
  @Test
  void nanFilledBlocksDoNotReachTheResults() {
    Case c = new Case(2, 4, 2, 100, 100, 32, true, false, 7);
    Result ref = c.run(DataType.DOUBLE);
    Parallel.setThreads(1); // the calling thread's block
    AttentionKernels.Block b = AttentionKernels.Block.of(4L * 100 * 100);
    Pointer.memset(b.pointer(), 0xFF, b.pointer().capacity() * 4); // all NaN
    ref.assertClose(c.run(DataType.FLOAT), "after a NaN-filled block");
  }

  /** The training step's shape (GPT d=128: 4 heads of 32, context 128, packed): recomputed, as float64. */
  @Test
  void trainingShapeIsRecomputedAndMatchesFloat64() {
    Case c = new Case(16, 4, 4, 128, 128, 32, true, true, 3);
    assertTrue(AttentionKernels.recomputes(Nd4j.zeros(DataType.FLOAT, 1), false, c.dims(), c.visible(), c.scale()));
    c.run(DataType.DOUBLE).assertClose(c.run(DataType.FLOAT), "d128 step's attention");
  }
}
