package org.grpo4j.nn.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.grpo4j.autograd.HostFloats;
import org.grpo4j.autograd.Parallel;
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
 * instead (ND4J's elementwise calls cost about 10 us each before any work), split into fixed pieces on every core
 * when the parameter is large enough ({@link Parallel}; bit-identical at any thread count).
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
    List<Update> host = new ArrayList<>();
    for (Slot s : slots) {
      if (s.param().grad() == null) {
        continue;
      }
      INDArray g = flat(s.param().grad());
      double decay = 1 - lr * s.weightDecay();
      if (HostFloats.usable(s.p(), g, s.m(), s.v())) {
        host.add(new Update(s, g, decay));
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
    stepFloat(host, stepSize, invSqrtBc2);
  }

  /** Elements per piece of the float32 update: four host chunks of this size stay in a core's L2 cache. */
  static final int PIECE = 8192;

  /** Per-thread host chunks of p, g, m and v. */
  private static final ThreadLocal<float[][]> HOST = ThreadLocal.withInitial(() -> new float[4][PIECE]);

  /** A float32 parameter's update of this step: its slot, flat gradient and decay factor. */
  private record Update(Slot slot, INDArray g, double decay) {}

  /**
   * The same update as vectorizable Java passes over host copies of p, g, m and v (float32 on the CPU): every
   * parameter's pieces of {@link #PIECE} elements in one job on {@link Parallel}'s pool (a job per parameter handed
   * off ~50 times per GPT step, most of them small). Each element's update depends only on that element, so results
   * do not depend on the thread count or on how pieces are grouped.
   */
  private void stepFloat(List<Update> updates, double stepSize, double invSqrtBc2) {
    int[] first = new int[updates.size() + 1]; // pieces of updates [0, u) come before update u's
    long elements = 0;
    for (int u = 0; u < updates.size(); u++) {
      long n = updates.get(u).slot().p().length();
      first[u + 1] = first[u] + (int) ((n + PIECE - 1) / PIECE);
      elements += n;
    }
    Parallel.forEach(first[updates.size()], elements / ELEMENTS_PER_WORK, i -> {
      int u = upperBound(first, i) - 1;
      Update up = updates.get(u);
      long n = up.slot().p().length();
      long from = (long) (i - first[u]) * PIECE;
      updateChunk(up.slot(), up.g(), from, (int) Math.min(PIECE, n - from), up.decay(), stepSize, invSqrtBc2);
    });
  }

  /** The number of entries of the ascending array a that are at most x. */
  private static int upperBound(int[] a, int x) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] <= x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * Elements per unit of {@link Parallel}'s work: at its default threshold of 2^16, parameters of 2^18 elements and
   * more run on the pool. Measured (docs/perf.md): two threads paid at 2^20 elements and were level or slower at
   * 2^16 and below; the update streams four arrays from memory, so a second core buys less than in the kernels.
   */
  static final long ELEMENTS_PER_WORK = 4;

  private void updateChunk(Slot s, INDArray g, long from, int n, double decay, double stepSize, double invSqrtBc2) {
    float[][] h = HOST.get();
    float[] p = HostFloats.read(s.p(), from, n, h[0]);
    float[] gv = HostFloats.read(g, from, n, h[1]);
    float[] m = HostFloats.read(s.m(), from, n, h[2]);
    float[] v = HostFloats.read(s.v(), from, n, h[3]);
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
    HostFloats.write(p, n, s.p(), from);
    HostFloats.write(m, n, s.m(), from);
    HostFloats.write(v, n, s.v(), from);
  }
}
