package org.grpo4j.autograd;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.grpo4j.autograd.ops.*;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Every op with a generator of random problems in its domain: shapes, values, and how to call it. */
final class OpCatalogue {
  private OpCatalogue() {}

  /** One gradient-check problem: float64 inputs, which are differentiable, and the function of them. */
  record Problem(INDArray[] inputs, boolean[] diff, Function<Tensor[], Tensor> f) {}

  /** Makes a random problem from a random generator. */
  interface Maker {
    Problem make(SplittableRandom r);
  }

  static final Map<Class<? extends Op>, Maker> ENTRIES = new LinkedHashMap<>();

  static {
    ENTRIES.put(Add.class, r -> broadcastPair(r, (t) -> t[0].add(t[1])));
    ENTRIES.put(Sub.class, r -> broadcastPair(r, (t) -> t[0].sub(t[1])));
    ENTRIES.put(Mul.class, r -> broadcastPair(r, (t) -> t[0].mul(t[1])));
    ENTRIES.put(Div.class, r -> {
      Problem p = broadcastPair(r, (t) -> t[0].div(t[1]));
      p.inputs()[1] = positive(r, p.inputs()[1].shape()); // keep the denominator away from 0
      return p;
    });
    ENTRIES.put(Neg.class, r -> unary(r, normal(r, shape(r)), Tensor::neg));
    ENTRIES.put(Affine.class, r -> {
      double scale = r.nextDouble(-3, 3);
      double shift = r.nextDouble(-3, 3);
      return unary(r, normal(r, shape(r)), x -> x.mul(scale).add(shift));
    });
    ENTRIES.put(Pow.class, r -> {
      double p = new double[] {2, 3, 0.5, -1.5, 1.7}[r.nextInt(5)];
      return unary(r, positive(r, shape(r)), x -> x.pow(p));
    });
    ENTRIES.put(Exp.class, r -> unary(r, normal(r, shape(r)), Tensor::exp));
    ENTRIES.put(Log.class, r -> unary(r, positive(r, shape(r)), Tensor::log));
    ENTRIES.put(Sqrt.class, r -> unary(r, positive(r, shape(r)), Tensor::sqrt));
    ENTRIES.put(Tanh.class, r -> unary(r, normal(r, shape(r)), Tensor::tanh));
    ENTRIES.put(Sigmoid.class, r -> unary(r, normal(r, shape(r)), F::sigmoid));
    ENTRIES.put(Relu.class, r -> unary(r, awayFromZero(r, shape(r)), F::relu));
    ENTRIES.put(Gelu.class, r -> unary(r, normal(r, shape(r)).muli(2), F::gelu));
    ENTRIES.put(Maximum.class, r -> broadcastPair(r, t -> F.maximum(t[0], t[1])));
    ENTRIES.put(Minimum.class, r -> broadcastPair(r, t -> F.minimum(t[0], t[1])));
    ENTRIES.put(Clamp.class, r -> unary(r, awayFrom(r, shape(r), -0.5, 0.7), x -> F.clamp(x, -0.5, 0.7)));
    ENTRIES.put(Where.class, r -> {
      long[] s = shape(r);
      INDArray cond = bernoulli(r, s);
      return new Problem(new INDArray[] {cond, normal(r, s), normal(r, broadcastable(r, s))},
          new boolean[] {false, true, true}, t -> F.where(t[0], t[1], t[2]));
    });
    ENTRIES.put(MaskedFill.class, r -> {
      long[] s = shape(r);
      return new Problem(new INDArray[] {normal(r, s), bernoulli(r, broadcastable(r, s))},
          new boolean[] {true, false}, t -> F.maskedFill(t[0], t[1], -3.5));
    });
    ENTRIES.put(Expand.class, r -> {
      long[] s = shape(r);
      return unary(r, normal(r, broadcastable(r, s)), x -> x.expand(s));
    });
    ENTRIES.put(Sum.class, r -> reduction(r, (x, k, a) -> x.sum(k, a)));
    ENTRIES.put(Mean.class, r -> reduction(r, (x, k, a) -> x.mean(k, a)));
    ENTRIES.put(Max.class, r -> reduction(r, (x, k, a) -> x.max(k, a)));
    ENTRIES.put(Reshape.class, r -> {
      long[] s = shape(r);
      long[] rev = new long[s.length];
      for (int i = 0; i < s.length; i++) {
        rev[i] = s[s.length - 1 - i];
      }
      long[] target = r.nextBoolean() ? rev : new long[] {-1};
      return unary(r, normal(r, s), x -> x.reshape(target));
    });
    ENTRIES.put(Permute.class, r -> {
      long[] s = shapeOfRank(r, 2 + r.nextInt(3));
      int[] perm = permutation(r, s.length);
      return unary(r, normal(r, s), x -> x.permute(perm).mul(1.0)); // mul: force a dense copy downstream
    });
    ENTRIES.put(Narrow.class, r -> {
      long[] s = shape(r);
      int axis = r.nextInt(s.length);
      long start = r.nextLong(s[axis]);
      long len = 1 + r.nextLong(s[axis] - start);
      return unary(r, normal(r, s), x -> x.narrow(axis, start, len));
    });
    ENTRIES.put(Concat.class, r -> {
      long[] s = shape(r);
      int axis = r.nextInt(s.length);
      long[] s2 = s.clone();
      s2[axis] = 1 + r.nextInt(3);
      return new Problem(new INDArray[] {normal(r, s), normal(r, s2), normal(r, s)},
          new boolean[] {true, true, r.nextBoolean()}, t -> F.concat(axis, t));
    });
    ENTRIES.put(Stack.class, r -> {
      long[] s = shape(r);
      int axis = r.nextInt(s.length + 1);
      return new Problem(new INDArray[] {normal(r, s), normal(r, s)}, new boolean[] {true, true},
          t -> F.stack(axis, t));
    });
    ENTRIES.put(IndexSelect.class, r -> {
      long v = 2 + r.nextInt(5);
      long d = 1 + r.nextInt(4);
      int[] ids = new int[1 + r.nextInt(7)];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = r.nextInt((int) v);
      }
      return unary(r, normal(r, new long[] {v, d}), w -> F.embedding(w, ids, ids.length));
    });
    ENTRIES.put(Matmul.class, OpCatalogue::matmul);
    ENTRIES.put(LogSoftmax.class, r -> {
      long[] s = shape(r);
      int axis = r.nextInt(s.length) - (r.nextBoolean() ? s.length : 0);
      return unary(r, normal(r, s).muli(2), x -> F.logSoftmax(x, axis));
    });
    ENTRIES.put(Softmax.class, r -> {
      long[] s = shape(r);
      int axis = r.nextInt(s.length);
      return unary(r, normal(r, s).muli(2), x -> F.softmax(x, axis));
    });
    ENTRIES.put(LayerNorm.class, r -> {
      long[] s = shape(r);
      long c = 2 + r.nextInt(5);
      s[s.length - 1] = c;
      return new Problem(new INDArray[] {normal(r, s).muli(3).addi(1), normal(r, c), normal(r, c)},
          new boolean[] {true, true, true}, t -> F.layerNorm(t[0], t[1], t[2], 1e-5));
    });
    ENTRIES.put(GatherLogProb.class, r -> {
      long[] s = shape(r);
      int v = (int) s[s.length - 1] + 1;
      s[s.length - 1] = v;
      int[] targets = new int[(int) (Nd.length(s) / v)];
      for (int i = 0; i < targets.length; i++) {
        targets[i] = r.nextInt(v);
      }
      return unary(r, normal(r, s).muli(2), x -> F.gatherLogProb(x, targets));
    });
    ENTRIES.put(Dropout.class, r -> {
      double p = r.nextDouble(0.05, 0.9);
      long seed = r.nextLong();
      return unary(r, normal(r, shape(r)), x -> F.dropout(x, p, seed));
    });
    ENTRIES.put(Linear.class, r -> {
      long[] s = shape(r);
      long in = s[s.length - 1];
      long out = 1 + r.nextInt(4);
      boolean bias = r.nextBoolean();
      return new Problem(new INDArray[] {normal(r, s), normal(r, in, out), normal(r, out)},
          new boolean[] {true, true, bias}, t -> F.linear(t[0], t[1], bias ? t[2] : null));
    });
    ENTRIES.put(MseLoss.class, r -> {
      long[] s = shape(r);
      return new Problem(new INDArray[] {normal(r, s), normal(r, s)}, new boolean[] {true, r.nextBoolean()},
          t -> F.mseLoss(t[0], t[1]));
    });
    ENTRIES.put(Attention.class, OpCatalogue::attention);
    ENTRIES.put(FusedMlp.class, r -> {
      long c = 1 + r.nextInt(3);
      long h = 1 + r.nextInt(4);
      long c2 = 1 + r.nextInt(3);
      return new Problem(new INDArray[] {normal(r, 1 + r.nextInt(2), 1 + r.nextInt(3), c).muli(2), normal(r, c, h),
          normal(r, h), normal(r, h, c2), normal(r, c2)}, new boolean[] {true, true, true, true, true},
          t -> F.mlp(t[0], t[1], t[2], t[3], t[4]));
    });
    ENTRIES.put(RmsNorm.class, r -> {
      long[] s = shape(r);
      long c = 2 + r.nextInt(5);
      s[s.length - 1] = c;
      return new Problem(new INDArray[] {normal(r, s).muli(2).addi(0.5), normal(r, c)},
          new boolean[] {true, r.nextBoolean()}, t -> F.rmsNorm(t[0], t[1], 1e-6));
    });
    ENTRIES.put(SwiGlu.class, r -> {
      long[] s = shape(r);
      return new Problem(new INDArray[] {normal(r, s).muli(2), normal(r, s)}, new boolean[] {true, true},
          t -> F.swiGlu(t[0], t[1]));
    });
    ENTRIES.put(Rope.class, r -> {
      int b = 1 + r.nextInt(2);
      int t = 1 + r.nextInt(4);
      int half = 1 + r.nextInt(3);
      double[] invFreq = new double[half];
      for (int i = 0; i < half; i++) {
        invFreq[i] = Math.pow(r.nextDouble(50, 20000), -2.0 * i / (2 * half));
      }
      RopeTable table = new RopeTable(invFreq, 1.0);
      int[] positions = new int[b * t];
      for (int i = 0; i < positions.length; i++) {
        positions[i] = r.nextInt(300);
      }
      return unary(r, normal(r, b, t, 1 + r.nextInt(3), 2 * half), x -> F.rope(x, table, positions));
    });
  }

  private static Problem matmul(SplittableRandom r) {
    long m = 1 + r.nextInt(4);
    long k = 1 + r.nextInt(4);
    long n = 1 + r.nextInt(4);
    boolean ta = r.nextBoolean();
    boolean tb = r.nextBoolean();
    long[] batch = switch (r.nextInt(4)) {
      case 0 -> new long[0];
      case 1 -> new long[] {1 + r.nextInt(3)};
      case 2 -> new long[] {1 + r.nextInt(3), 1 + r.nextInt(3)};
      default -> null; // batched left, 2-D right
    };
    if (batch == null) {
      long[] a = {1 + r.nextInt(3), m, k};
      return new Problem(new INDArray[] {normal(r, a), normal(r, tb ? new long[] {n, k} : new long[] {k, n})},
          new boolean[] {true, true}, t -> F.matmul(t[0], false, t[1], tb));
    }
    long[] a = concat(batch, ta ? new long[] {k, m} : new long[] {m, k});
    long[] bs = concat(batch, tb ? new long[] {n, k} : new long[] {k, n});
    return new Problem(new INDArray[] {normal(r, a), normal(r, bs)}, new boolean[] {true, true},
        t -> F.matmul(t[0], ta, t[1], tb));
  }

  interface Reducer {
    Tensor apply(Tensor x, boolean keepDim, int[] axes);
  }

  private static Problem reduction(SplittableRandom r, Reducer op) {
    long[] s = shape(r);
    int[] axes = new int[r.nextInt(s.length + 1)];
    int[] perm = permutation(r, s.length);
    for (int i = 0; i < axes.length; i++) {
      axes[i] = perm[i] - (r.nextBoolean() ? s.length : 0);
    }
    boolean keep = r.nextBoolean();
    return unary(r, normal(r, s), x -> op.apply(x, keep, axes));
  }

  private static Problem unary(SplittableRandom r, INDArray x, Function<Tensor, Tensor> f) {
    return new Problem(new INDArray[] {x}, new boolean[] {true}, t -> f.apply(t[0]));
  }

  private static Problem broadcastPair(SplittableRandom r, Function<Tensor[], Tensor> f) {
    long[] s = shape(r);
    boolean swap = r.nextBoolean();
    INDArray a = normal(r, s);
    INDArray b = normal(r, broadcastable(r, s));
    return new Problem(swap ? new INDArray[] {b, a} : new INDArray[] {a, b}, new boolean[] {true, true}, f);
  }

  /** A random shape of rank 1..3 with sizes 1..4. */
  static long[] shape(SplittableRandom r) {
    return shapeOfRank(r, 1 + r.nextInt(3));
  }

  static long[] shapeOfRank(SplittableRandom r, int rank) {
    long[] s = new long[rank];
    for (int i = 0; i < rank; i++) {
      s[i] = 1 + r.nextInt(4);
    }
    return s;
  }

  /** A shape that broadcasts to s: some leading axes dropped, some axes set to 1. */
  static long[] broadcastable(SplittableRandom r, long[] s) {
    int drop = r.nextInt(s.length);
    long[] b = java.util.Arrays.copyOfRange(s, drop, s.length);
    for (int i = 0; i < b.length; i++) {
      if (r.nextInt(3) == 0) {
        b[i] = 1;
      }
    }
    return b;
  }

  static int[] permutation(SplittableRandom r, int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  static long[] concat(long[] a, long[] b) {
    long[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  /**
   * Attention in its forms: separate q (B, nh, Tq, hs), k, v (B, nkv, Tk, hs) with nkv dividing nh (grouped-query),
   * causal or not, with or without an additive bias (B, Tq, Tk); or one packed projection (B, T, (nh + 2 nkv) hs).
   */
  private static Problem attention(SplittableRandom r) {
    long b = 1 + r.nextInt(2);
    int nkv = 1 + r.nextInt(2);
    int nh = nkv * (1 + r.nextInt(2));
    long tq = 1 + r.nextInt(4);
    long hs = 1 + r.nextInt(3);
    boolean causal = r.nextBoolean();
    boolean bias = r.nextBoolean();
    if (r.nextInt(3) == 0) { // packed
      INDArray qkv = normal(r, b, tq, (nh + 2L * nkv) * hs);
      Attention op = new Attention(causal, 1 / Math.sqrt(hs), new Attention.Packed(nh, nkv));
      return bias
          ? new Problem(new INDArray[] {qkv, normal(r, b, tq, tq)}, new boolean[] {true, true},
              t -> Tensor.apply(op, t[0], t[1]))
          : unary(r, qkv, x -> F.attention(x, nh, nkv, causal));
    }
    long tk = tq + r.nextInt(3);
    INDArray[] in = {normal(r, b, nh, tq, hs), normal(r, b, nkv, tk, hs), normal(r, b, nkv, tk, hs),
        normal(r, b, tq, tk)};
    if (!bias) {
      return new Problem(java.util.Arrays.copyOf(in, 3), new boolean[] {true, true, true},
          t -> F.attention(t[0], t[1], t[2], causal));
    }
    return new Problem(in, new boolean[] {true, true, true, true}, t -> F.attention(t[0], t[1], t[2], t[3], causal));
  }

  static INDArray normal(SplittableRandom r, long... shape) {
    return GradCheck.random(r, shape);
  }

  static INDArray positive(SplittableRandom r, long... shape) {
    return uniform(r, shape, 0.5, 2.5);
  }

  static INDArray awayFromZero(SplittableRandom r, long... shape) {
    return awayFrom(r, shape, 0.0, 0.0);
  }

  /** Values at least 0.05 away from the kinks lo and hi. */
  static INDArray awayFrom(SplittableRandom r, long[] shape, double lo, double hi) {
    double[] v = new double[(int) Nd.length(shape)];
    for (int i = 0; i < v.length; i++) {
      double x;
      do {
        x = r.nextDouble(-2, 2);
      } while (Math.abs(x - lo) < 0.05 || Math.abs(x - hi) < 0.05);
      v[i] = x;
    }
    return Nd4j.create(v, shape, 'c');
  }

  static INDArray uniform(SplittableRandom r, long[] shape, double lo, double hi) {
    double[] v = new double[(int) Nd.length(shape)];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextDouble(lo, hi);
    }
    return Nd4j.create(v, shape, 'c');
  }

  static INDArray bernoulli(SplittableRandom r, long[] shape) {
    return uniform(r, shape, 0, 1).gt(0.5).castTo(DataType.DOUBLE);
  }
}
