package org.grpo4j.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Host copies aim at the right memory for every kind of dense array, views at an offset included. */
class HostFloatsTest {

  /** Dense FLOAT arrays made every way the engine makes them: fresh, copied, reshaped, and views at an offset. */
  private static List<INDArray> denseArrays() {
    INDArray base = Nd4j.linspace(DataType.FLOAT, 1, 240, 1).reshape(4, 6, 10);
    List<INDArray> xs = new ArrayList<>();
    xs.add(base);
    xs.add(base.dup());
    xs.add(base.reshape(24, 10));
    xs.add(base.slice(2)); // (6, 10) at offset 120
    xs.add(base.slice(3).slice(5)); // (10,) at offset 230
    xs.add(base.get(NDArrayIndex.interval(1, 3), NDArrayIndex.all(), NDArrayIndex.all())); // offset 60
    xs.add(base.reshape(24, 10).get(NDArrayIndex.interval(7, 19), NDArrayIndex.all()).reshape(3, 40)); // offset 70
    xs.add(Nd4j.createFromArray(new float[] {3f, -1f, 2.5f}));
    xs.add(Nd.empty(DataType.FLOAT, 5, 7).assign(0.5f));
    return xs;
  }

  @Test
  void theAddressIsTheOneNd4jGivesThroughItsPointers() {
    for (INDArray x : denseArrays()) {
      assertTrue(Nd.isDense(x), Nd.shape(x));
      assertEquals(x.data().addressPointer().address(), HostFloats.address(x),
          Nd.shape(x) + " at offset " + x.offset());
    }
  }

  @Test
  void readsAndWritesTheElementsNd4jSees() {
    for (INDArray x : denseArrays()) {
      int n = (int) x.length();
      float[] expected = x.dup().reshape(n).toFloatVector();
      float[] longer = HostFloats.read(x, new float[n + 3]); // a Java array longer than x: its tail stays 0
      assertArrayEquals(expected, Arrays.copyOf(longer, n), Nd.shape(x));
      assertArrayEquals(new float[3], Arrays.copyOfRange(longer, n, n + 3), "past the copy");
      if (n > 2) {
        float[] part = HostFloats.read(x, 1, n - 2, new float[n - 2]);
        assertArrayEquals(Arrays.copyOfRange(expected, 1, n - 1), part, "elements 1.." + (n - 2));
      }
      float[] fresh = new float[n];
      for (int i = 0; i < n; i++) {
        fresh[i] = -7f * i;
      }
      HostFloats.write(fresh, x);
      assertArrayEquals(fresh, x.dup().reshape(n).toFloatVector(), Nd.shape(x));
    }
  }

  @Test
  void aWriteIntoAViewLeavesTheRestOfItsParentAlone() {
    INDArray base = Nd4j.linspace(DataType.FLOAT, 1, 60, 1).reshape(6, 10);
    INDArray rows = base.get(NDArrayIndex.interval(2, 4), NDArrayIndex.all()); // elements 20..39
    HostFloats.write(new float[] {100f, 101f, 102f}, 3, rows, 5);
    float[] all = base.reshape(60).toFloatVector();
    for (int i = 0; i < 60; i++) {
      float want = i >= 25 && i < 28 ? 100f + (i - 25) : i + 1;
      assertEquals(want, all[i], 0f, "element " + i);
    }
  }

  @Test
  void copiesOutsideEitherArrayAreRefused() {
    INDArray x = Nd4j.zeros(DataType.FLOAT, 4, 5);
    IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
        () -> HostFloats.read(x, 15, 6, new float[6]));
    assertTrue(e.getMessage().contains("6 floats at 15") && e.getMessage().contains("array of 20"), e.getMessage());
    assertThrows(IndexOutOfBoundsException.class, () -> HostFloats.read(x, 0, 20, new float[19]));
    assertThrows(IndexOutOfBoundsException.class, () -> HostFloats.write(new float[3], 4, x, 0));
    assertThrows(IndexOutOfBoundsException.class, () -> HostFloats.write(new float[3], 3, x, -1));
  }

  @Test
  void otherDtypesAreRefused() {
    INDArray d = Nd4j.zeros(DataType.DOUBLE, 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HostFloats.read(d, new float[3]));
    assertTrue(e.getMessage().contains("DOUBLE"), e.getMessage());
  }
}
