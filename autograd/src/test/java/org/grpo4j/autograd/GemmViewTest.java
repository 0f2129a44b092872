package org.grpo4j.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Matrix products of views with a buffer offset (row slices) read the right memory, in both dtypes. */
class GemmViewTest {

  @Test
  void rowSliceViewsMultiplyLikeTheirCopies() {
    for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      SplittableRandom r = new SplittableRandom(5);
      INDArray a = GradCheck.random(r, 6, 4).castTo(dt);
      INDArray w = GradCheck.random(r, 4, 3).castTo(dt);
      INDArray batched = GradCheck.random(r, 5, 4, 3).castTo(dt);
      Tensor view = Tensor.of(a).narrow(0, 2, 3); // rows 2..4: a dense view at a non-zero offset
      INDArray expected = a.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 5),
          org.nd4j.linalg.indexing.NDArrayIndex.all()).dup();
      expected = Nd4j.gemm(expected, w, false, false); // ND4J's own GEMM as the reference
      assertEquals(0.0, view.matmul(Tensor.of(w)).data().sub(expected).amaxNumber().doubleValue(), 1e-5, dt.name());
      Tensor slices = Tensor.of(batched).narrow(0, 1, 3); // (3, 4, 3) at an offset
      Tensor right = Tensor.of(batched).narrow(0, 2, 3).transpose(1, 2); // (3, 3, 4)
      INDArray got = slices.matmul(right).data();
      for (int i = 0; i < 3; i++) {
        INDArray ref = Nd4j.gemm(batched.slice(1 + i).dup(), batched.slice(2 + i).dup(), false, true);
        assertEquals(0.0, got.slice(i).sub(ref).amaxNumber().doubleValue(), 1e-5, dt.name() + " batch " + i);
      }
    }
  }
}
