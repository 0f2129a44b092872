package org.grpo4j.nn.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.grpo4j.autograd.HostFloats;
import org.grpo4j.nn.Module;
import org.grpo4j.nn.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.BlasWrapper;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.api.ops.impl.transforms.floating.Sqrt;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.DivOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;

/**
 * Adam with decoupled weight decay, exactly PyTorch's {@code torch.optim.AdamW} (non-amsgrad): per parameter
 * p *= 1 - lr wd; m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; p -= lr / (1 - b1^t) m / (sqrt(v) / sqrt(1 -
 * b2^t) + eps). Everything is in place on the parameter and moment arrays, with one preallocated scratch buffer
 * (not saved); nine ND4J calls per parameter and no allocation. Float32 parameters on the CPU take one Java pass
 * instead (ND4J's elementwise calls cost about 10 us each before any work).
 */
public final class AdamW extends StatefulOptimizer {
  private final AdamWConfig config;
  private final List<Slot> slots = new ArrayList<>();

  /** One parameter with flat views of its data, moments and scratch, and its group's decay. */
  private record Slot(Parameter param, INDArray p, INDArray m, INDArray v, INDArray tmp, double weightDecay) {}

  /** AdamW over {@code groups} (which must partition their parameters). */
  public AdamW(List<ParamGroup> groups, AdamWConfig config) {
    super(OptimizerKind.ADAMW, groups, config.lr(), "exp_avg", "exp_avg_sq");
    this.config = config;
    for (ParamGroup group : groups) {
      for (Map.Entry<String, Parameter> e : group.params().entrySet()) {
        slots.add(new Slot(e.getValue(), flat(e.getValue().data()), flat(buffer(e.getKey(), "exp_avg")),
            flat(buffer(e.getKey(), "exp_avg_sq")), flat(e.getValue().data().ulike()), group.weightDecay()));
      }
    }
  }

  /** AdamW with {@code weightDecay} on the model's matrices and none on its biases and norm scales. */
  public static AdamW forModel(Module model, AdamWConfig config, double weightDecay) {
    return new AdamW(ParamGroups.decayMatricesOnly(model, weightDecay), config);
  }

  /** The hyperparameters (the learning rate may since have been changed by a schedule). */
  public AdamWConfig config() {
    return config;
  }

  @Override
  public void step() {
    step++;
    double lr = learningRate();
    double b1 = config.beta1();
    double b2 = config.beta2();
    double stepSize = lr / (1 - Math.pow(b1, step));
    double invSqrtBc2 = 1 / Math.sqrt(1 - Math.pow(b2, step));
    BlasWrapper blas = Nd4j.getBlasWrapper();
    for (Slot s : slots) {
      if (s.param().grad() == null) {
        continue;
      }
      INDArray g = flat(s.param().grad());
      double decay = 1 - lr * s.weightDecay();
      if (HostFloats.usable(s.p(), g, s.m(), s.v())) {
        stepFloat(s, g, decay, stepSize, invSqrtBc2);
        continue;
      }
      if (decay != 1) {
        s.p().muli(decay);
      }
      INDArray tmp = s.tmp();
      blas.axpy(1 - b1, g, s.m().muli(b1)); // m = b1 m + (1 - b1) g
      Nd4j.exec(new MulOp(g, g, tmp));
      blas.axpy(1 - b2, tmp, s.v().muli(b2)); // v = b2 v + (1 - b2) g^2
      Nd4j.exec(new Sqrt(s.v(), tmp));
      tmp.muli(invSqrtBc2).addi(config.eps()); // denom = sqrt(v) / sqrt(1 - b2^t) + eps
      Nd4j.exec(new DivOp(s.m(), tmp, tmp));
      blas.axpy(-stepSize, tmp, s.p()); // p -= stepSize m / denom
    }
  }

  private float[][] host = new float[4][0];

  /** The same update as one vectorizable Java pass over host copies of p, g, m and v (float32 on the CPU). */
  private void stepFloat(Slot s, INDArray g, double decay, double stepSize, double invSqrtBc2) {
    int n = Math.toIntExact(s.p().length());
    if (host[0].length < n) {
      host = new float[][] {new float[n], new float[n], new float[n], new float[n]};
    }
    float[] p = HostFloats.read(s.p(), host[0]);
    float[] gv = HostFloats.read(g, host[1]);
    float[] m = HostFloats.read(s.m(), host[2]);
    float[] v = HostFloats.read(s.v(), host[3]);
    float b1 = (float) config.beta1();
    float b2 = (float) config.beta2();
    float c1 = 1f - b1;
    float c2 = 1f - b2;
    float dec = (float) decay;
    float step = (float) stepSize;
    float bc = (float) invSqrtBc2;
    float eps = (float) config.eps();
    for (int i = 0; i < n; i++) {
      float gi = gv[i];
      float mi = b1 * m[i] + c1 * gi;
      float vi = b2 * v[i] + c2 * gi * gi;
      m[i] = mi;
      v[i] = vi;
      p[i] = p[i] * dec - step * mi / ((float) Math.sqrt(vi) * bc + eps);
    }
    HostFloats.write(p, s.p());
    HostFloats.write(m, s.m());
    HostFloats.write(v, s.v());
  }
}
