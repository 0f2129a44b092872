package org.grpo4j.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.grpo4j.autograd.Tensor;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Scalar multiply and add follow IEEE arithmetic for NaN and infinite scalars (ND4J's scalar ops do not). */
class AffineNonFiniteTest {
  @Test
  void nanAndInfinityPropagateInBothDtypesAndInTheGradient() {
    for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      Tensor x = Tensor.param(Nd4j.createFromArray(1.0, -2.0).castTo(dt));
      Tensor nan = x.mul(Double.NaN);
      assertTrue(Double.isNaN(nan.data().getDouble(0)) && Double.isNaN(nan.data().getDouble(1)), dt + ": " + nan.data());
      assertTrue(Double.isNaN(x.add(Double.NaN).data().getDouble(0)), dt + " add");
      Tensor inf = x.mul(Double.POSITIVE_INFINITY);
      assertEquals(Double.POSITIVE_INFINITY, inf.data().getDouble(0));
      assertEquals(Double.NEGATIVE_INFINITY, inf.data().getDouble(1));
      assertEquals(Double.NEGATIVE_INFINITY, x.sub(Double.POSITIVE_INFINITY).data().getDouble(0));
      nan.sum().backward();
      assertTrue(Double.isNaN(x.grad().getDouble(0)), dt + " gradient of x * NaN is NaN: " + x.grad());
      assertEquals(6.0, x.mul(3.0).add(0.5).data().getDouble(0) + 2.5, 1e-6, "finite scalars unchanged");
    }
  }
}
