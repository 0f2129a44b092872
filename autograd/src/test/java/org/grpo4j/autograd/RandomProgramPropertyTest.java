package org.grpo4j.autograd;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Random programs with heavy fan-out and view-producing ops (reshape, transpose, narrow, concat) agree with finite
 * differences: this guards the engine's in-place accumulation of exclusively owned gradient buffers.
 */
class RandomProgramPropertyTest {

  private static Tensor program(Tensor[] leaves, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Tensor> nodes = new ArrayList<>(List.of(leaves));
    int steps = 4 + r.nextInt(14);
    for (int s = 0; s < steps; s++) {
      Tensor a = nodes.get(r.nextInt(nodes.size()));
      Tensor b = nodes.get(r.nextInt(nodes.size()));
      Tensor c = switch (r.nextInt(12)) {
        case 0 -> a.add(b);
        case 1 -> a.mul(b);
        case 2 -> a.sub(b).mul(0.5);
        case 3 -> a.tanh();
        case 4 -> a.transpose(0, 1).transpose(0, 1);
        case 5 -> a.reshape(12).reshape(3, 4);
        case 6 -> a.narrow(0, 0, 3);
        case 7 -> F.concat(0, a.narrow(0, 0, 1), b.narrow(0, 1, 2));
        case 8 -> a.sum(true, 0).expand(3, 4).mul(0.3);
        case 9 -> F.maximum(a, b.mul(0.9).add(0.01));
        case 10 -> a.add(a).add(a);
        default -> a.tanh().exp();
      };
      nodes.add(c);
    }
    Tensor out = nodes.get(nodes.size() - 1);
    for (int i = 0; i < 3; i++) {
      out = out.add(nodes.get(r.nextInt(nodes.size())).mul(r.nextDouble(-1, 1)));
    }
    return out;
  }

  @Test
  void randomProgramsMatchFiniteDifferences() {
    qt().withFixedSeed(20261124L).withExamples(System.getenv("CI") != null ? 40 : 80).forAll(longs().all()).checkAssert(seed -> {
      SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
      INDArray[] x = {GradCheck.random(r, 3, 4), GradCheck.random(r, 3, 4), GradCheck.random(r, 3, 4)};
      GradCheck.Result res = GradCheck.check(t -> program(t, seed), x, new boolean[] {true, true, r.nextBoolean()},
          GradCheck.Options.defaults(seed));
      assertTrue(res.passed(), () -> "seed " + seed + ": " + res.worst());
    });
  }

  @Test
  void leafGradientsNeverAliasEachOtherOrTheSeed() {
    Tensor x = Tensor.param(GradCheck.random(new SplittableRandom(1), 2, 2));
    Tensor y = Tensor.param(GradCheck.random(new SplittableRandom(2), 2, 2));
    Tensor z = x.add(y); // Add returns the same upstream array for both inputs
    INDArray seed = org.nd4j.linalg.factory.Nd4j.ones(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 2, 2);
    z.backward(seed);
    x.add(y).backward(seed.dup());
    assertTrue(x.grad() != y.grad() && x.grad().data().address() != y.grad().data().address());
    assertTrue(seed.eq(1.0).all(), "the caller's seed was modified");
    assertTrue(x.grad().eq(2.0).all() && y.grad().eq(2.0).all());
  }
}
