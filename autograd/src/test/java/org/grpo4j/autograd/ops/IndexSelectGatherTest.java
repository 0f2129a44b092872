package org.grpo4j.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.grpo4j.autograd.F;
import org.grpo4j.autograd.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The embedding gather copies exactly the requested rows, element by element, for dense arrays and views alike. */
class IndexSelectGatherTest {

  @Test
  void gatherCopiesTheIndexedRowsExactly() {
    qt().withExamples(60).withFixedSeed(11L).forAll(longs().all()).checkAssert(seed -> {
      SplittableRandom r = new SplittableRandom(seed);
      DataType t = r.nextBoolean() ? DataType.FLOAT : DataType.DOUBLE;
      int rows = 1 + r.nextInt(40);
      int d1 = 1 + r.nextInt(5);
      int d2 = 1 + r.nextInt(7);
      INDArray w = Nd4j.rand(t, rows + 3, d1, d2).subi(0.5);
      if (r.nextBoolean()) { // a view starting at row 3 of its buffer: copied before the gather
        w = w.get(NDArrayIndex.interval(3, rows + 3), NDArrayIndex.all(), NDArrayIndex.all());
      } else {
        w = w.get(NDArrayIndex.interval(0, rows), NDArrayIndex.all(), NDArrayIndex.all()).dup('c');
      }
      int n = 1 + r.nextInt(30);
      int[] ids = new int[n];
      for (int i = 0; i < n; i++) {
        ids[i] = r.nextInt(rows);
      }
      INDArray out = F.embedding(Tensor.of(w), ids, n).data();
      assertEquals(java.util.List.of((long) n, (long) d1, (long) d2), java.util.List.of(out.size(0), out.size(1),
          out.size(2)), "seed " + seed);
      for (int i = 0; i < n; i++) {
        for (int a = 0; a < d1; a++) {
          for (int b = 0; b < d2; b++) {
            assertEquals(w.getDouble(ids[i], a, b), out.getDouble(i, a, b), 0.0,
                "seed " + seed + " " + t + " row " + i + " (index " + ids[i] + ") at " + a + "," + b);
          }
        }
      }
    });
  }
}
