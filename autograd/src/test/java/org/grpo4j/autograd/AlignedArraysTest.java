package org.grpo4j.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The engine's float32 arrays start on 64-byte boundaries, behave as ND4J's own, are freed when their scope closes
 * them (not only by the collector), and are pooled by kind.
 */
class AlignedArraysTest {
  private final boolean enabledBefore = AlignedArrays.enabled();

  @AfterEach
  void restore() {
    AlignedArrays.enable(enabledBefore);
  }

  private static long[] randomShape(SplittableRandom r) {
    long[] shape = new long[1 + r.nextInt(3)];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = 1 + r.nextInt(i == 0 ? 300 : 40);
    }
    return shape;
  }

  @Test
  void arraysFromEmptyAndFromOpsStartOnA64ByteBoundary() {
    AlignedArrays.enable(true);
    SplittableRandom r = new SplittableRandom(1);
    for (int trial = 0; trial < 200; trial++) {
      long[] shape = randomShape(r);
      INDArray plain = Nd.empty(DataType.FLOAT, shape);
      assertEquals(0, HostFloats.address(plain) % 64, () -> "outside a scope, shape " + Nd.shape(shape));
      try (MemoryScope s = trial % 2 == 0 ? MemoryScope.open() : MemoryScope.recycling()) {
        INDArray scoped = Nd.empty(DataType.FLOAT, shape);
        assertEquals(0, HostFloats.address(scoped) % 64, () -> "in a scope, shape " + Nd.shape(shape));
        Tensor x = Tensor.of(Nd4j.rand(DataType.FLOAT, 3 + r.nextInt(50), 1 + r.nextInt(50)));
        Tensor y = x.matmul(Tensor.of(Nd4j.rand(DataType.FLOAT, x.size(1), 1 + r.nextInt(50)))).tanh();
        assertEquals(0, HostFloats.address(y.data()) % 64, "an op's output");
      }
    }
  }

  @Test
  void alignedArraysComputeExactlyAsNd4jArrays() {
    AlignedArrays.enable(true);
    SplittableRandom r = new SplittableRandom(2);
    for (int trial = 0; trial < 30; trial++) {
      int m = 1 + r.nextInt(70);
      int n = 1 + r.nextInt(70);
      INDArray reference = Nd4j.rand(DataType.FLOAT, m, n).subi(0.5);
      INDArray aligned = Nd.empty(DataType.FLOAT, m, n).assign(reference);
      assertTrue(AlignedArrays.aligned(aligned));
      assertFalse(AlignedArrays.aligned(reference));
      INDArray w = Nd4j.rand(DataType.FLOAT, n, 1 + r.nextInt(30));
      assertArrayEquals(Nd.toFloats(reference), Nd.toFloats(aligned));
      assertEquals(reference.mmul(w), aligned.mmul(w));
      assertEquals(reference.sumNumber(), aligned.sumNumber());
      assertEquals(reference.add(1.5), aligned.dup().addi(1.5));
      assertEquals(reference.reshape(n, m), aligned.reshape(n, m));
      int lo = r.nextInt(m);
      assertEquals(reference.get(NDArrayIndex.interval(lo, m), NDArrayIndex.all()),
          aligned.get(NDArrayIndex.interval(lo, m), NDArrayIndex.all()));
      assertArrayEquals(Nd.toFloats(reference.transpose()), Nd.toFloats(aligned.transpose()));
    }
  }

  @Test
  void closingTheScopeFreesTheBlocksWithoutACollection() {
    AlignedArrays.enable(true);
    long n = 1 << 22; // 16 MB
    INDArray x;
    long live;
    try (MemoryScope s = MemoryScope.open()) {
      x = MemoryScope.adopt(Nd.empty(DataType.FLOAT, n)); // as an op's output is recorded
      x.assign(2f);
      assertTrue(AlignedArrays.liveBytes() >= 4 * n, "the block is counted while it lives");
      live = AlignedArrays.liveBytes(); // the collector may free other blocks meanwhile: only ever less
    }
    assertTrue(x.wasClosed());
    long freed = live - AlignedArrays.liveBytes();
    assertTrue(freed >= 4 * n, "closing the scope freed " + freed + " bytes of a " + 4 * n + "-byte array");
  }

  @Test
  void theCollectorFreesTheBlockOfAnArrayNobodyClosed() throws InterruptedException {
    AlignedArrays.enable(true);
    long n = 1 << 22; // 16 MB
    INDArray x = Nd.empty(DataType.FLOAT, n); // outside a scope: nobody closes it
    x.assign(1f);
    long live = AlignedArrays.liveBytes();
    x = null;
    long freed = 0;
    for (int i = 0; i < 100 && freed < 4 * n; i++) { // the cleaner runs after a collection has found the buffer
      System.gc();
      Thread.sleep(50);
      freed = live - AlignedArrays.liveBytes();
    }
    assertTrue(freed >= 4 * n, "collections freed " + freed + " bytes of an unreachable " + 4 * n + "-byte array");
  }

  @Test
  void thePoolReusesAlignedArraysAndDropsTheOtherKindAfterASwitch() {
    AlignedArrays.enable(true);
    long first;
    try (MemoryScope s = MemoryScope.recycling()) {
      first = HostFloats.address(Nd.empty(DataType.FLOAT, 37, 53));
    }
    try (MemoryScope s = MemoryScope.recycling()) {
      INDArray again = Nd.empty(DataType.FLOAT, 37, 53);
      assertEquals(first, HostFloats.address(again), "the pool hands the same array back");
    }
    AlignedArrays.enable(false);
    try (MemoryScope s = MemoryScope.recycling()) {
      INDArray plain = Nd.empty(DataType.FLOAT, 37, 53);
      assertFalse(AlignedArrays.aligned(plain), "an aligned array handed out after alignment was switched off");
    }
    AlignedArrays.enable(true);
    try (MemoryScope s = MemoryScope.recycling()) {
      assertTrue(AlignedArrays.aligned(Nd.empty(DataType.FLOAT, 37, 53)));
    }
  }

  @Test
  void zerosAreZeroAndAligned() {
    AlignedArrays.enable(true);
    SplittableRandom r = new SplittableRandom(3);
    for (int trial = 0; trial < 20; trial++) {
      long[] shape = randomShape(r);
      INDArray dirty = Nd.empty(DataType.FLOAT, shape).assign(Float.NaN);
      AlignedArrays.close(dirty); // its block back to malloc, which tends to hand it out next
      INDArray z = AlignedArrays.zeros(DataType.FLOAT, shape);
      assertEquals(0, HostFloats.address(z) % 64);
      assertEquals(0.0, z.amaxNumber().doubleValue(), 0.0, () -> "shape " + Nd.shape(shape));
      AlignedArrays.close(z);
      assertTrue(z.wasClosed());
    }
    assertFalse(AlignedArrays.aligned(AlignedArrays.zeros(DataType.DOUBLE, 3, 3)));
  }

  @Test
  void otherTypesAndTheSwitchOffLeaveAllocationToNd4j() {
    AlignedArrays.enable(true);
    assertFalse(AlignedArrays.aligned(Nd.empty(DataType.DOUBLE, 8, 8)));
    assertFalse(AlignedArrays.aligned(Nd.empty(DataType.INT32, 8, 8)));
    assertEquals(0, Nd.empty(DataType.FLOAT, 0, 4).length());
    AlignedArrays.enable(false);
    assertFalse(AlignedArrays.aligned(Nd.empty(DataType.FLOAT, 8, 8)));
  }
}
