package org.grpo4j.autograd;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Bad input produces exceptions that name the op, the values involved and what was expected. */
class ErrorMessageTest {
  private static Tensor t(DataType d, long... shape) {
    return Tensor.param(Nd4j.zeros(d, shape));
  }

  private static void says(Executable call, String... fragments) {
    ShapeException e = assertThrows(ShapeException.class, call);
    for (String f : fragments) {
      assertTrue(e.getMessage().contains(f), () -> "'" + e.getMessage() + "' should mention '" + f + "'");
    }
  }

  @Test
  void shapeMismatches() {
    says(() -> t(DataType.DOUBLE, 3, 4).add(t(DataType.DOUBLE, 5, 4)), "add", "(3, 4)", "(5, 4)", "broadcast");
    says(() -> t(DataType.DOUBLE, 3, 4).matmul(t(DataType.DOUBLE, 5, 2)), "matmul", "(3, 4)", "(5, 2)");
    says(() -> t(DataType.DOUBLE, 2, 3).reshape(4, 2), "reshape", "(2, 3)", "(4, 2)");
    says(() -> t(DataType.DOUBLE, 2, 3).narrow(1, 2, 2), "narrow", "axis 1", "size 3");
    says(() -> t(DataType.DOUBLE, 2, 3).sum(false, 2), "sum", "axis 2", "rank 2");
    says(() -> t(DataType.DOUBLE, 2, 3).permute(0, 0), "permute", "[0, 0]");
    says(() -> F.linear(t(DataType.DOUBLE, 2, 3), t(DataType.DOUBLE, 4, 5), null), "linear", "(2, 3)", "(4, 5)");
    says(() -> F.layerNorm(t(DataType.DOUBLE, 2, 3), t(DataType.DOUBLE, 4), t(DataType.DOUBLE, 3), 1e-5),
        "layer_norm", "gamma", "(4,)");
  }

  @Test
  void dtypeMismatches() {
    says(() -> t(DataType.DOUBLE, 2).add(t(DataType.FLOAT, 2)), "add", "FLOAT", "DOUBLE");
    says(() -> t(DataType.DOUBLE, 2, 2).matmul(t(DataType.FLOAT, 2, 2)), "matmul", "FLOAT", "DOUBLE");
  }

  @Test
  void indicesOutOfRange() {
    says(() -> F.embedding(t(DataType.FLOAT, 4, 2), new int[] {1, 4}, 2), "index_select", "index 4", "4 rows");
    says(() -> F.gatherLogProb(t(DataType.FLOAT, 2, 5), new int[] {0, 7}), "target id 7", "vocabulary size 5");
    says(() -> F.gatherLogProb(t(DataType.FLOAT, 2, 5), new int[] {0}), "1 targets", "expected 2");
  }
}
