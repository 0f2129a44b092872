package org.grpo4j.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import org.grpo4j.nn.Parameter;
import org.grpo4j.nn.StateMismatchException;
import org.junit.jupiter.api.Test;

class OptimizerTest {
  /** PyTorch's AdamW update written out in doubles, one element at a time. */
  static void adamwByHand(double[] p, double[] target, double[] m, double[] v, int t, double lr, double wd) {
    double b1 = 0.9;
    double b2 = 0.999;
    double eps = 1e-8;
    for (int i = 0; i < p.length; i++) {
      double g = p[i] - target[i];
      p[i] *= 1 - lr * wd;
      m[i] = b1 * m[i] + (1 - b1) * g;
      v[i] = b2 * v[i] + (1 - b2) * g * g;
      double mhat = m[i] / (1 - Math.pow(b1, t));
      double denom = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(b2, t)) + eps;
      p[i] -= lr * mhat / denom;
    }
  }

  @Test
  void adamwMatchesAHandComputedUpdateWithDecayOnMatricesOnly() {
    ToyModel model = ToyModel.create();
    AdamW opt = AdamW.forModel(model, AdamWConfig.of(0.1), 0.5);
    double[] w = ToyModel.W0.clone();
    double[] b = ToyModel.B0.clone();
    double[] mw = new double[4];
    double[] vw = new double[4];
    double[] mb = new double[2];
    double[] vb = new double[2];
    for (int t = 1; t <= 5; t++) {
      opt.zeroGrad();
      model.backward();
      opt.step();
      adamwByHand(w, ToyModel.TW, mw, vw, t, 0.1, 0.5);
      adamwByHand(b, ToyModel.TB, mb, vb, t, 0.1, 0.0);
      assertArrayEquals(w, model.w.data().reshape(4).toDoubleVector(), 1e-14, "w after step " + t);
      assertArrayEquals(b, model.b.data().toDoubleVector(), 1e-14, "b after step " + t);
    }
    assertArrayEquals(vw, opt.state().tensors().get("w.exp_avg_sq").reshape(4).toDoubleVector(), 1e-15);
    assertEquals(5, opt.steps());
  }

  /** A float32 matrix large enough for the vectorized host pass, with the loss 0.5 |w - t|^2. */
  static final class FloatModel extends org.grpo4j.nn.Module {
    final Parameter w;
    final org.nd4j.linalg.api.ndarray.INDArray target;

    FloatModel(double[] w0, double[] t) {
      w = registerParameter("w", org.nd4j.linalg.factory.Nd4j.create(w0, new long[] {8, w0.length / 8}, 'c')
          .castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT));
      target = org.nd4j.linalg.factory.Nd4j.create(t, new long[] {8, t.length / 8}, 'c')
          .castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
    }

    void backward() {
      org.grpo4j.autograd.Tensor d = w.tensor().sub(org.grpo4j.autograd.Tensor.of(target));
      d.mul(d).sum().mul(0.5).backward();
    }
  }

  @Test
  void adamwInFloat32MatchesTheDoubleHandComputedUpdate() {
    java.util.SplittableRandom r = new java.util.SplittableRandom(4);
    int n = 8 * 125;
    double[] w = new double[n];
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = (float) r.nextGaussian(); // representable in float32, so both start equal
      t[i] = (float) r.nextGaussian();
    }
    FloatModel model = new FloatModel(w, t);
    AdamW opt = AdamW.forModel(model, AdamWConfig.of(0.01), 0.1);
    double[] m = new double[n];
    double[] v = new double[n];
    for (int step = 1; step <= 10; step++) {
      opt.zeroGrad();
      model.backward();
      opt.step();
      adamwByHand(w, t, m, v, step, 0.01, 0.1);
      double[] got = model.w.data().reshape(n).toDoubleVector();
      for (int i = 0; i < n; i++) {
        assertEquals(w[i], got[i], 1e-5 * (1 + Math.abs(w[i])), "w[" + i + "] after step " + step);
      }
    }
  }

  @Test
  void sgdWithMomentumMatchesAHandComputedUpdate() {
    ToyModel model = ToyModel.create();
    Sgd opt = new Sgd(ParamGroups.single(model, 0.1), new SgdConfig(0.2, 0.9));
    double[] w = ToyModel.W0.clone();
    double[] buf = new double[4];
    for (int t = 1; t <= 4; t++) {
      opt.zeroGrad();
      model.backward();
      opt.step();
      for (int i = 0; i < 4; i++) {
        double g = w[i] - ToyModel.TW[i] + 0.1 * w[i];
        buf[i] = t == 1 ? g : 0.9 * buf[i] + g;
        w[i] -= 0.2 * buf[i];
      }
      assertArrayEquals(w, model.w.data().reshape(4).toDoubleVector(), 1e-14, "w after step " + t);
    }
  }

  @Test
  void groupsMustPartitionTheParameters() {
    ToyModel model = ToyModel.create();
    LinkedHashMap<String, Parameter> onlyW = new LinkedHashMap<>();
    onlyW.put("w", model.w);
    var missing = assertThrows(IllegalArgumentException.class,
        () -> ParamGroups.requirePartition(model.namedParameters(), List.of(new ParamGroup("a", onlyW, 0.1))));
    assertTrue(missing.getMessage().contains("parameter 'b' is in no group"), missing.getMessage());
    var twice = assertThrows(IllegalArgumentException.class, () -> new AdamW(List.of(
        new ParamGroup("a", model.namedParameters(), 0.1), new ParamGroup("b", onlyW, 0.0)), AdamWConfig.of(1e-3)));
    assertTrue(twice.getMessage().contains("parameter 'w' is in groups 'a' and 'b'"), twice.getMessage());
    List<ParamGroup> groups = ParamGroups.decayMatricesOnly(model, 0.1);
    assertEquals(List.of("w"), List.copyOf(groups.get(0).params().keySet()));
    assertEquals(List.of("b"), List.copyOf(groups.get(1).params().keySet()));
    assertEquals(0.0, groups.get(1).weightDecay());
  }

  @Test
  void stateRoundTripAndMismatchNamesTheTensor() {
    ToyModel model = ToyModel.create();
    AdamW a = AdamW.forModel(model, AdamWConfig.of(0.1), 0.0);
    model.backward();
    a.step();
    AdamW b = AdamW.forModel(ToyModel.create(), AdamWConfig.of(0.1), 0.0);
    b.loadState(a.state());
    assertEquals(1, b.steps());
    assertEquals(a.state().tensors().get("b.exp_avg"), b.state().tensors().get("b.exp_avg"));
    var tensors = new LinkedHashMap<>(a.state().tensors());
    tensors.remove("w.exp_avg");
    var e = assertThrows(StateMismatchException.class,
        () -> b.loadState(new OptimizerState(OptimizerKind.ADAMW, 3, tensors)));
    assertTrue(e.getMessage().contains("missing optimizer tensor 'w.exp_avg'"), e.getMessage());
    assertEquals(1, b.steps(), "nothing changed");
    var kind = assertThrows(StateMismatchException.class,
        () -> b.loadState(new OptimizerState(OptimizerKind.SGD, 3, a.state().tensors())));
    assertTrue(kind.getMessage().contains("optimizer kind SGD does not match ADAMW"), kind.getMessage());
  }

  @Test
  void badHyperparametersAreNamed() {
    var e = assertThrows(IllegalArgumentException.class, () -> new AdamWConfig(1e-3, 1.0, 0.999, 1e-8));
    assertTrue(e.getMessage().contains("(1.0, 0.999)"), e.getMessage());
    var lr = assertThrows(IllegalArgumentException.class, () -> new SgdConfig(-1, 0));
    assertTrue(lr.getMessage().contains("-1"), lr.getMessage());
  }
}
