package org.grpo4j.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Property test: any writable tensors, of any shape including scalars and zero-size, read back bit for bit. */
class SafetensorsRoundTripTest {
  private static final List<SafetensorsDtype> WRITABLE = List.of(
      SafetensorsDtype.F64, SafetensorsDtype.F32, SafetensorsDtype.I64, SafetensorsDtype.I32, SafetensorsDtype.BOOL);

  @TempDir Path dir;

  /** One random tensor to generate: its dtype, shape and value seed. */
  record Spec(SafetensorsDtype dtype, long[] shape, long seed) {
    @Override
    public String toString() {
      return dtype + Arrays.toString(shape) + "#" + seed;
    }
  }

  @Test
  void randomTensorsRoundTripExactly() {
    Gen<long[]> shapes = lists().of(integers().between(0, 4)).ofSizeBetween(0, 4)
        .map(l -> l.stream().mapToLong(Integer::longValue).toArray());
    Gen<Spec> specs = Generate.pick(WRITABLE).zip(shapes, longs().all(), Spec::new);
    Path file = dir.resolve("random.safetensors");
    qt().withFixedSeed(20261291L).withExamples(150).forAll(lists().of(specs).ofSizeBetween(0, 5)).checkAssert(list -> {
      Map<String, INDArray> tensors = new LinkedHashMap<>();
      for (int i = 0; i < list.size(); i++) {
        tensors.put((i % 2 == 0 ? "layer." + i + ".weight" : "ünï✓" + i), array(list.get(i)));
      }
      Map<String, String> metadata = Map.of("format", "pt", "list", list.toString());
      try {
        Safetensors.write(file, tensors, metadata);
        SafetensorsFile read = Safetensors.read(file);
        assertEquals(List.copyOf(tensors.keySet()), List.copyOf(read.tensors().keySet()), "order of names");
        assertEquals(metadata, read.metadata());
        tensors.forEach((name, expected) -> assertSame(name, expected, read.tensor(name)));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  static void assertSame(String name, INDArray expected, INDArray actual) {
    assertEquals(expected.dataType(), actual.dataType(), name + " dtype");
    assertArrayEquals(expected.shape(), actual.shape(), name + " shape");
    assertArrayEquals(StBytes.bits(expected), StBytes.bits(actual), name + " values");
  }

  /** A C-order array of the spec's dtype and shape with random values, including special floats. */
  static INDArray array(Spec spec) {
    long n = Arrays.stream(spec.shape()).reduce(1, (a, b) -> a * b);
    DataType type = spec.dtype().readType();
    if (n == 0) {
      return Nd4j.create(type, spec.shape(), 'c');
    }
    Random r = new Random(spec.seed());
    INDArray flat = switch (spec.dtype()) {
      case F64 -> Nd4j.createFromArray(r.doubles(n).map(u -> special(r, u * 2e6 - 1e6)).toArray());
      case F32 -> Nd4j.createFromArray(r.doubles(n).map(u -> special(r, u * 2e6 - 1e6)).toArray())
          .castTo(DataType.FLOAT);
      case I64 -> Nd4j.createFromArray(r.longs(n).toArray());
      case I32 -> Nd4j.createFromArray(r.ints(n).toArray());
      case BOOL -> Nd4j.createFromArray(r.ints(n, 0, 2).toArray()).castTo(DataType.BOOL);
      default -> throw new IllegalArgumentException("not writable: " + spec.dtype());
    };
    return flat.reshape('c', spec.shape());
  }

  private static double special(Random r, double regular) {
    return switch (r.nextInt(12)) {
      case 0 -> Double.NaN;
      case 1 -> r.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
      case 2 -> -0.0;
      case 3 -> r.nextBoolean() ? Double.MIN_VALUE : Float.MIN_VALUE;
      default -> regular;
    };
  }
}
