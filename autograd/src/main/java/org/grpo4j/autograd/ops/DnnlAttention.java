package org.grpo4j.autograd.ops;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_ATTR_MULTIPLE_POST_OP_BASE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_1;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;

import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.scratchpad_mode;
import org.bytedeco.dnnl.matmul;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.javacpp.FloatPointer;
import org.grpo4j.autograd.HostFloats;
import org.grpo4j.autograd.Parallel;
import org.grpo4j.autograd.ops.AttentionKernels.Heads;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link AttentionKernels}' float32 path on oneDNN's batched brgemm matmul (AVX-512): the heads of a piece are first
 * copied into dense blocks by oneDNN reorders (brgemm reads and writes dense operands only; on heads in place, as
 * packed projections hold them, oneDNN 2.5 falls to its jit GEMM), then each product is one batched call over the
 * piece's key/value heads, the query heads of a group stacked along the rows:
 * <pre>
 *   forward   S = scale Q K^T (+ mask)   P = softmax(S)   Y = P V
 *   backward  dV = P^T dY   dP = dY V^T   dS = P (dP - rowsum(dP P))   dQ = scale dS K   dK = scale dS^T Q
 * </pre>
 * Every product runs over all tk keys, the causal mask included (the score products add a block of 0 and -inf, oneDNN's
 * binary post-op; masked entries of P and dS are exact zeros). At head size 32 a batched brgemm call ran the products
 * ~2.8x faster than OpenBLAS head by head with OpenBLAS's Haswell kernels, which pays for the copies and the masked
 * triangle that the OpenBLAS path's query blocks skip; with its SkylakeX kernels it does not ({@link #enabled}).
 * Pieces are (batch element, block of key/value heads), fixed by the shape, one single-threaded call each on
 * {@link Parallel}'s pool; heads never mix, so results are bit-identical at any thread count.
 */
final class DnnlAttention {
  private DnnlAttention() {}

  /**
   * Whether attention takes this path where it can: {@code -Dgrpo4j.dnnl.attention=true} or {@code false}; by
   * default yes, unless OpenBLAS was told to run its AVX-512 kernels ({@code OPENBLAS_CORETYPE=SkylakeX}, as
   * {@code ./grpo4j} sets on such CPUs). GPT training steps, interleaved against {@link AttentionKernels}' OpenBLAS
   * GEMMs (which skip most of the masked triangle): 0.827 of their time at d256 with OpenBLAS's own kernel choice on
   * this Zen 5, 0.941 (d256) and 0.968 (d128) with its Haswell kernels, but 1.015 and 1.067 with SkylakeX's.
   */
  static volatile boolean enabled = chosen();

  private static boolean chosen() {
    String choice = System.getProperty("grpo4j.dnnl.attention");
    if (choice != null) {
      return Boolean.parseBoolean(choice);
    }
    return !"SkylakeX".equalsIgnoreCase(System.getenv("OPENBLAS_CORETYPE"));
  }

  /**
   * True when oneDNN's kernels are on, both directions of its softmax are jitted, and brgemm runs every product of
   * dims (B, nh, nkv, tq, tk, hs) with this mask.
   */
  static boolean usable(int[] dims, int visible, double scale) {
    int tq = dims[3];
    int tk = dims[4];
    if (!enabled || !Dnnl.KERNELS || visible < 0 || (long) tq * tk * dims[1] > Integer.MAX_VALUE) {
      return false;
    }
    int rows = pieceHeads(dims) * (dims[1] / dims[2]) * tq; // the piece's query rows, stacked
    return DnnlSoftmax.usable(rows, tk, visible) && DnnlSoftmax.usableBackward(rows, tk, visible)
        && products(shape(dims, visible, scale)).fast;
  }

  /** {@link AttentionKernels#forward} without a bias: p (B, nh, tq, tk) dense, y's heads written in place. */
  static void forward(Heads q, Heads k, Heads v, int[] dims, int visible, double scale, INDArray p, Heads y) {
    Shape s = shape(dims, visible, scale);
    Products prod = products(s);
    Copies cq = copies(s.heads() * s.group(), s.tq(), s.hs(), q);
    Copies ck = copies(s.heads(), s.tk(), s.hs(), k);
    Copies cv = copies(s.heads(), s.tk(), s.hs(), v);
    Copies cy = copies(s.heads() * s.group(), s.tq(), s.hs(), y);
    long pa = HostFloats.address(p);
    long[] base = {HostFloats.address(q.array()), HostFloats.address(k.array()), HostFloats.address(v.array()),
        HostFloats.address(y.array())};
    int perBatch = dims[2] / s.heads();
    int nh = dims[1];
    int rows = s.heads() * s.group() * s.tq();
    Parallel.forEach(dims[0] * perBatch, 2L * nh * dims[0] * s.tq() * s.tk() * s.hs(), j -> {
      int i = j / perBatch;
      int g0 = j % perBatch * s.heads(); // first key/value head
      int h0 = g0 * s.group(); // first query head
      long scratch = scratch(s);
      long qd = scratch;
      long kd = qd + 4L * s.queryFloats();
      long vd = kd + 4L * s.keyFloats();
      long yd = vd + 4L * s.keyFloats();
      long block = pa + 4L * ((long) i * nh + h0) * s.tq() * s.tk();
      cq.in.run(base[0] + 4 * q.at(i, h0), qd);
      ck.in.run(base[1] + 4 * k.at(i, g0), kd);
      cv.in.run(base[2] + 4 * v.at(i, g0), vd);
      prod.scores(qd, kd, block);
      DnnlSoftmax.forward(block, rows, s.tk());
      prod.values.run(block, vd, yd);
      cy.out.run(yd, base[3] + 4 * y.at(i, h0));
    });
  }

  /** {@link AttentionKernels#backward} without a bias: ds (B, nh, tq, tk) dense receives dS. */
  static void backward(Heads q, Heads k, Heads v, INDArray p, int[] dims, int visible, double scale, Heads dy,
      Heads dq, Heads dk, Heads dv, INDArray ds) {
    Shape s = shape(dims, visible, scale);
    Products prod = products(s);
    int nq = s.heads() * s.group();
    Copies cq = copies(nq, s.tq(), s.hs(), q);
    Copies ck = copies(s.heads(), s.tk(), s.hs(), k);
    Copies cv = copies(s.heads(), s.tk(), s.hs(), v);
    Copies cdy = copies(nq, s.tq(), s.hs(), dy);
    Copies cdq = dq == null ? null : copies(nq, s.tq(), s.hs(), dq);
    Copies cdk = dk == null ? null : copies(s.heads(), s.tk(), s.hs(), dk);
    Copies cdv = dv == null ? null : copies(s.heads(), s.tk(), s.hs(), dv);
    long pa = HostFloats.address(p);
    long dsa = HostFloats.address(ds);
    long[] base = {HostFloats.address(q.array()), HostFloats.address(k.array()), HostFloats.address(v.array()),
        HostFloats.address(dy.array()), dq == null ? 0 : HostFloats.address(dq.array()),
        dk == null ? 0 : HostFloats.address(dk.array()), dv == null ? 0 : HostFloats.address(dv.array())};
    int perBatch = dims[2] / s.heads();
    int nh = dims[1];
    int rows = nq * s.tq();
    Parallel.forEach(dims[0] * perBatch, 4L * nh * dims[0] * s.tq() * s.tk() * s.hs(), j -> {
      int i = j / perBatch;
      int g0 = j % perBatch * s.heads();
      int h0 = g0 * s.group();
      long scratch = scratch(s);
      long qd = scratch;
      long kd = qd + 4L * s.queryFloats();
      long vd = kd + 4L * s.keyFloats();
      long dyd = vd + 4L * s.keyFloats();
      long out = dyd + 4L * s.queryFloats();
      long off = 4L * ((long) i * nh + h0) * s.tq() * s.tk();
      cdy.in.run(base[3] + 4 * dy.at(i, h0), dyd);
      cv.in.run(base[2] + 4 * v.at(i, g0), vd);
      if (dv != null) {
        prod.valueGrads.run(pa + off, dyd, out);
        cdv.out.run(out, base[6] + 4 * dv.at(i, g0));
      }
      prod.probGrads.run(dyd, vd, dsa + off);
      DnnlSoftmax.backward(pa + off, dsa + off, rows, s.tk());
      if (dq != null) {
        ck.in.run(base[1] + 4 * k.at(i, g0), kd);
        prod.queryGrads.run(dsa + off, kd, out);
        cdq.out.run(out, base[4] + 4 * dq.at(i, h0));
      }
      if (dk != null) {
        cq.in.run(base[0] + 4 * q.at(i, h0), qd);
        prod.keyGrads.run(dsa + off, qd, out);
        cdk.out.run(out, base[5] + 4 * dk.at(i, g0));
      }
    });
  }

  /**
   * A piece's problem: {@code heads} key/value heads (a batch of matmuls), each with {@code group} query heads of
   * tq rows stacked, tk keys, head size hs; the mask's visible keys beyond each query's own (tk when it hides
   * none); the scores' scale.
   */
  private record Shape(int heads, int group, int tq, int tk, int hs, int visible, float scale) {
    boolean masked() {
      return visible < tk;
    }

    long queryFloats() {
      return (long) heads * group * tq * hs;
    }

    long keyFloats() {
      return (long) heads * tk * hs;
    }
  }

  private static Shape shape(int[] dims, int visible, double scale) {
    return new Shape(pieceHeads(dims), dims[1] / dims[2], dims[3], dims[4], dims[5],
        DnnlSoftmax.masks(dims[4], visible) ? visible : dims[4], (float) scale);
  }

  /**
   * Key/value heads per piece: all of a batch element's, halved while that leaves fewer than {@link #MIN_PIECES}
   * pieces and the halves stay whole (so a single long sequence still spreads over the cores). Shape only.
   */
  static int pieceHeads(int[] dims) {
    int heads = dims[2];
    while ((long) dims[0] * (dims[2] / heads) < MIN_PIECES && heads % 2 == 0) {
      heads /= 2;
    }
    return heads;
  }

  /** Pieces a call aims for at least, where the heads allow: enough to share among a few cores. */
  static final int MIN_PIECES = 8;

  /** This thread's dense blocks: q, k, v, dy and one output. */
  private static long scratch(Shape s) {
    return SCRATCH.get(3 * s.queryFloats() + 2 * s.keyFloats() + Math.max(0, s.keyFloats() - s.queryFloats()))
        .address();
  }

  private static final Dnnl.ThreadFloats SCRATCH = new Dnnl.ThreadFloats();

  /**
   * The six batched products of a piece shape, whether brgemm runs all of them, and the mask the scores add (null
   * when unmasked): (heads, group tq, tk), each head's (tq, tk) block 0 where query i sees key j, -inf elsewhere.
   */
  private record Products(Product scores, Product values, Product valueGrads, Product probGrads,
      Product queryGrads, Product keyGrads, boolean fast, FloatPointer mask) {
    /** S = scale Q K^T into the block at s, plus the mask when there is one. */
    void scores(long q, long k, long s) {
      if (mask == null) {
        scores.run(q, k, s);
      } else {
        scores.call.run(q, k, s, mask.address());
      }
    }
  }

  /** One batched matmul c = alpha op(a) op(b) (+ the mask), alpha fixed by the shape. */
  private record Product(Dnnl.Call call, boolean fast) {
    void run(long a, long b, long c) {
      call.run(a, b, c);
    }
  }

  /** Distinct piece shapes (or copy layouts) beyond which a cache is emptied. */
  private static final int MAX_ENTRIES = 256;

  private static final Dnnl.Cache<Shape, Products> PRODUCTS = new Dnnl.Cache<>(MAX_ENTRIES, DnnlAttention::build);

  private static Products products(Shape s) {
    return PRODUCTS.get(s);
  }

  private static Products build(Shape s) {
    long n = s.heads();
    long m = (long) s.group() * s.tq(); // stacked query rows
    long t = s.tk();
    long e = s.hs();
    float a = s.scale();
    Product scores = product(dense(n, m, e), transposed(n, e, t), dense(n, m, t), a, s.masked());
    Product values = product(dense(n, m, t), dense(n, t, e), dense(n, m, e), 1f, false);
    Product valueGrads = product(transposed(n, t, m), dense(n, m, e), dense(n, t, e), 1f, false);
    Product probGrads = product(dense(n, m, e), transposed(n, e, t), dense(n, m, t), 1f, false);
    Product queryGrads = product(dense(n, m, t), dense(n, t, e), dense(n, m, e), a, false);
    Product keyGrads = product(transposed(n, t, m), dense(n, m, e), dense(n, t, e), a, false);
    boolean fast = scores.fast && values.fast && valueGrads.fast && probGrads.fast && queryGrads.fast
        && keyGrads.fast;
    return new Products(scores, values, valueGrads, probGrads, queryGrads, keyGrads, fast,
        s.masked() ? mask(s) : null);
  }

  /** The (heads, group tq, tk) mask of s: 0 where query i (of each head's tq) sees key j < i + 1 + visible. */
  private static FloatPointer mask(Shape s) {
    int tq = s.tq();
    int tk = s.tk();
    float[] block = new float[tq * tk];
    for (int i = 0; i < tq; i++) {
      for (int j = Math.min(tk, i + 1 + s.visible()); j < tk; j++) {
        block[i * tk + j] = Float.NEGATIVE_INFINITY;
      }
    }
    int blocks = s.heads() * s.group();
    FloatPointer m = new FloatPointer((long) blocks * block.length);
    for (int h = 0; h < blocks; h++) {
      m.position((long) h * block.length).put(block);
    }
    return m.position(0);
  }

  /** The argument of the first post-op's addend: DNNL_ARG_ATTR_MULTIPLE_POST_OP(0) | DNNL_ARG_SRC_1. */
  private static final int MASK_ARG = DNNL_ARG_ATTR_MULTIPLE_POST_OP_BASE | DNNL_ARG_SRC_1;

  /** A dense (n, r, c) batch of matrices. */
  private static memory.desc dense(long n, long r, long c) {
    return new memory.desc(new long[] {n, r, c}, memory.data_type.f32, new long[] {r * c, c, 1});
  }

  /** The transposes (n, r, c) of a dense (n, c, r) batch. */
  private static memory.desc transposed(long n, long r, long c) {
    return new memory.desc(new long[] {n, r, c}, memory.data_type.f32, new long[] {r * c, 1, r});
  }

  private static Product product(memory.desc a, memory.desc b, memory.desc c, float alpha, boolean masked) {
    primitive_attr attr = new primitive_attr();
    attr.set_scratchpad_mode(scratchpad_mode.user);
    if (alpha != 1f) {
      attr.set_output_scales(0, new float[] {alpha});
    }
    if (masked) { // a full (n, m, t) addend: a broadcast one leaves brgemm for oneDNN's reference loops
      post_ops ops = new post_ops();
      ops.append_binary(algorithm.binary_add, c);
      attr.set_post_ops(ops);
    }
    matmul.primitive_desc pd = new matmul.primitive_desc(new matmul.desc(a, b, c), attr, Dnnl.ENGINE);
    int[] ids = masked ? new int[] {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST, MASK_ARG}
        : new int[] {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST};
    memory.desc[] descs = masked ? new memory.desc[] {a, b, c, c} : new memory.desc[] {a, b, c};
    return new Product(new Dnnl.Call(new matmul(pd), ids, descs, pd.scratchpad_desc()),
        pd.impl_info_str().getString().startsWith("brg"));
  }

  /** The reorders between a piece's heads in place and their dense block. */
  private record Copies(Dnnl.Call in, Dnnl.Call out) {}

  private record Layout(int heads, int rows, int hs, long headStride, int rowStride) {}

  private static final Dnnl.Cache<Layout, Copies> COPIES = new Dnnl.Cache<>(MAX_ENTRIES, DnnlAttention::buildCopies);

  /** Copies between {@code heads} consecutive heads of h (rows, hs each) and a dense (heads, rows, hs) block. */
  private static Copies copies(int heads, int rows, int hs, Heads h) {
    return COPIES.get(new Layout(heads, rows, hs, heads == 1 ? 0 : h.headStride(), rows == 1 ? hs : h.rowStride()));
  }

  private static Copies buildCopies(Layout l) {
    long[] dims = {l.heads(), l.rows(), l.hs()};
    memory.desc placed = new memory.desc(dims, memory.data_type.f32, new long[] {l.headStride(), l.rowStride(), 1});
    memory.desc dense = dense(l.heads(), l.rows(), l.hs());
    return new Copies(copy(placed, dense), copy(dense, placed));
  }

  private static Dnnl.Call copy(memory.desc from, memory.desc to) {
    primitive_attr attr = new primitive_attr();
    attr.set_scratchpad_mode(scratchpad_mode.user);
    reorder.primitive_desc pd = new reorder.primitive_desc(Dnnl.ENGINE, from, Dnnl.ENGINE, to, attr, false);
    return new Dnnl.Call(new reorder(pd), new int[] {DNNL_ARG_SRC, DNNL_ARG_DST}, new memory.desc[] {from, to},
        pd.scratchpad_desc());
  }
}
