package org.grpo4j.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.grpo4j.autograd.GradCheck;
import org.grpo4j.autograd.Tensor;
import org.grpo4j.nn.Init;
import org.grpo4j.nn.ModeScope;
import org.grpo4j.nn.SeedStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class LayersTest {
  @Test
  void sameSeedSameWeightsDifferentSeedDifferentWeights() {
    Linear a = Linear.create(5, 7, true, 0.02, new SplittableRandom(3), DataType.FLOAT);
    Linear b = Linear.create(5, 7, true, 0.02, new SplittableRandom(3), DataType.FLOAT);
    Linear c = Linear.create(5, 7, true, 0.02, new SplittableRandom(4), DataType.FLOAT);
    assertEquals(a.weight().data(), b.weight().data());
    assertNotEquals(a.weight().data(), c.weight().data());
    double std = a.weight().data().stdNumber().doubleValue();
    assertTrue(std > 0.01 && std < 0.03, "std " + std);
  }

  @Test
  void linearIsXWPlusB() {
    INDArray w = Nd4j.create(new double[][] {{1, 2}, {3, 4}, {5, 6}});
    INDArray b = Nd4j.createFromArray(0.5, -0.5);
    Linear lin = new Linear(w, b);
    INDArray x = Nd4j.create(new double[][] {{1, 0, -1}});
    assertArrayEquals(new double[] {-3.5, -4.5}, lin.forward(Tensor.of(x)).data().toDoubleVector(), 1e-12);
  }

  @Test
  void rmsNormMatchesDefinitionAndGradients() {
    RmsNorm n = new RmsNorm(4, 1e-6, DataType.DOUBLE);
    n.weight().data().assign(Nd4j.createFromArray(1.0, 2.0, 0.5, -1.0));
    INDArray x = Nd4j.createFromArray(new double[][] {{1, 2, 3, 4}});
    double rms = Math.sqrt((1 + 4 + 9 + 16) / 4.0 + 1e-6);
    assertArrayEquals(new double[] {1 / rms, 4 / rms, 1.5 / rms, -4 / rms},
        n.forward(Tensor.of(x)).data().toDoubleVector(), 1e-12);
    GradCheck.Result r = GradCheck.check(t -> n.forward(t[0]),
        new INDArray[] {Init.normal(new SplittableRandom(1), 1, DataType.DOUBLE, 3, 4)}, new boolean[] {true},
        GradCheck.Options.defaults(1));
    assertTrue(r.passed(), r.toString());
  }

  @Test
  void layerNormNormalizesThenScales() {
    LayerNorm ln = new LayerNorm(4, 1e-5, DataType.DOUBLE);
    INDArray y = ln.forward(Tensor.of(Nd4j.createFromArray(new double[][] {{1, 2, 3, 4}}))).data();
    assertEquals(0, y.meanNumber().doubleValue(), 1e-12);
    assertEquals(1, y.mul(y).meanNumber().doubleValue(), 1e-4);
  }

  @Test
  void dropoutDropsOnlyInTrainingAndIsSeeded() {
    INDArray x = Nd4j.ones(DataType.FLOAT, 1000);
    Dropout d1 = new Dropout(0.5, new SeedStream(9));
    Dropout d2 = new Dropout(0.5, new SeedStream(9));
    INDArray y1 = d1.forward(Tensor.of(x)).data();
    assertEquals(y1, d2.forward(Tensor.of(x)).data());
    long zeros = y1.eq(0).castTo(DataType.INT32).sumNumber().longValue();
    assertTrue(zeros > 400 && zeros < 600, "zeros " + zeros);
    assertNotEquals(y1, d1.forward(Tensor.of(x)).data(), "each call draws a new mask");
    try (ModeScope s = d1.eval()) {
      assertEquals(x, d1.forward(Tensor.of(x)).data());
    }
  }

  @Test
  void mlpKeepsTheWidthAndRegistersGpt2Names() {
    Mlp mlp = new Mlp(8, 32, 0.0, new SeedStream(0), 0.02, 0.01, new SplittableRandom(0), DataType.FLOAT);
    assertEquals(java.util.List.of("c_fc.weight", "c_fc.bias", "c_proj.weight", "c_proj.bias"),
        java.util.List.copyOf(mlp.namedParameters().keySet()));
    Tensor y = mlp.forward(Tensor.of(Nd4j.rand(DataType.FLOAT, 2, 3, 8)));
    assertArrayEquals(new long[] {2, 3, 8}, y.shape());
  }
}
