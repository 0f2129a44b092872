package org.grpo4j.autograd.ops;

import org.bytedeco.javacpp.FloatPointer;
import org.grpo4j.autograd.HostFloats;
import org.grpo4j.autograd.KernelMode;
import org.grpo4j.autograd.Parallel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link Attention}'s CPU kernels: OpenBLAS GEMMs per (batch, head) that read q, k, v and write outputs and
 * gradients in place, each head addressed by offsets and strides ({@link Heads}: heads of a packed projection,
 * permuted views, merged-head outputs; no copies and no ND4J views, which cost ~0.1 ms each here), with the float32
 * softmax blocks in between: oneDNN's in place where it loads ({@link DnnlSoftmax}; without an additive bias), else
 * {@link SoftmaxKernels}. Under a causal mask the GEMMs run per block of queries (or keys) over only the keys (or
 * queries) the block sees ({@link #queryBlock}). In float32 without a bias the probabilities P and their gradient
 * dS live only in each thread's {@link Block}, P recomputed in the backward ({@link #recomputes}). Pieces are (batch,
 * query head) forward and (batch, key/value head) backward, where the heads of one group add into their shared
 * key/value gradient in a fixed order; pieces run in parallel ({@link Parallel}), so results do not depend on the
 * thread count. Float64 (gradient checks) runs the same GEMMs on one thread with ND4J's softmax.
 */
final class AttentionKernels {
  private AttentionKernels() {}

  /**
   * Where the (T, hs) matrix of head h of batch element i lies in {@code array}'s buffer: at element offset + i
   * batchStride + h headStride from the array's first element, rows rowStride apart, unit stride along hs.
   */
  record Heads(INDArray array, long offset, long batchStride, long headStride, int rowStride) {
    /** Heads of a (B, heads, T, hs) array that {@link #readable} accepts. */
    static Heads of(INDArray x) {
      int rows = (int) (x.size(2) == 1 ? Math.max(1, x.size(3)) : x.stride(2)); // BLAS wants >= hs even for 1 row
      return new Heads(x, 0, x.size(0) == 1 ? 0 : x.stride(0), x.size(1) == 1 ? 0 : x.stride(1), rows);
    }

    /** Heads [first, first + n) of a dense (B, T, width) array holding heads of hs side by side along width. */
    static Heads packed(INDArray x, long first, long hs) {
      long width = x.size(2);
      return new Heads(x, first * hs, x.size(1) * width, hs, (int) width);
    }

    long at(int i, int h) {
      return offset + i * batchStride + h * headStride;
    }
  }

  /** True for FLOAT or DOUBLE arrays of one type on the CPU backend (the GEMMs' types). */
  static boolean usable(INDArray... xs) {
    DataType t = xs[0].dataType();
    if (!CpuBlas.AVAILABLE || KernelMode.current() != KernelMode.FAST
        || (t != DataType.FLOAT && t != DataType.DOUBLE)) {
      return false;
    }
    for (INDArray x : xs) {
      if (x.dataType() != t) {
        return false;
      }
    }
    return true;
  }

  /** True when x (B, heads, T, hs) has unit stride along hs and rows at least hs apart: GEMMs read it in place. */
  static boolean readable(INDArray x) {
    return (x.size(3) == 1 || x.stride(3) == 1) && (x.size(2) == 1 || x.stride(2) >= x.size(3));
  }

  /**
   * p (B, nh, Tq, Tk), dense = softmax(scale q k^T + bias, row i masked beyond key i + visible); y = p v, y's heads
   * in (B, Tq, nh, hs) order. q has nh heads of (Tq, hs), k and v nkv heads of (Tk, hs); bias (B, Tq, Tk) dense, or
   * null. A null p (where {@link #recomputes}) keeps each head's probabilities in the thread's block only.
   */
  static void forward(Heads q, Heads k, Heads v, INDArray bias, int[] dims, int visible, double scale, INDArray p,
      Heads y) {
    int b = dims[0];
    int nh = dims[1];
    int group = nh / dims[2];
    int tq = dims[3];
    int tk = dims[4];
    int hs = dims[5];
    boolean recompute = p == null;
    boolean host = recompute || FloatKernels.usable(p) && (bias == null || FloatKernels.usable(bias));
    if (!recompute && host && bias == null && DnnlAttention.usable(dims, visible, scale)) {
      DnnlAttention.forward(q, k, v, dims, visible, scale, p, y);
      return;
    }
    long work = host ? 4L * b * nh * tq * tk * hs : 0; // float64 stays on one thread
    if (!host) {
      p.assign(0); // the reference softmax reads the masked blocks the GEMMs skip
    }
    int rows = queryBlock(tq, tk, visible);
    boolean onednn = recompute || host && bias == null && DnnlSoftmax.usable(tq, tk, visible);
    boolean masked = onednn && DnnlSoftmax.masks(tk, visible); // the block starts as the mask, scores add onto it
    long pa = onednn && !recompute ? HostFloats.address(p) : 0;
    StridedGemm scoreBases = new StridedGemm(q.array(), k.array(), p); // addresses read once, copied per piece
    StridedGemm valueBases = new StridedGemm(p, v.array(), y.array());
    Parallel.forEach(b * nh, work, j -> {
      int i = j / nh;
      int h = j % nh;
      if (onednn) { // the whole head in one piece: one hand-off per call
        long at = recompute ? 0 : (long) j * tq * tk;
        Block block = recompute ? Block.of((long) tq * tk) : null;
        StridedGemm scores = recompute ? block.c(scoreBases) : new StridedGemm(scoreBases);
        probabilities(scores, at, recompute ? block.address() : pa + 4 * at, q, k, i, h, group, tq, tk, hs, visible,
            scale, rows, masked);
        weightedValues(recompute ? block.a(valueBases) : new StridedGemm(valueBases), at, v, y, i, h, group, tq, tk,
            hs, visible, rows);
        return;
      }
      StridedGemm scores = new StridedGemm(scoreBases);
      for (int r0 = 0; r0 < tq; r0 += rows) { // S = scale q k^T, each query block against its visible keys
        int m = Math.min(rows, tq - r0);
        scores.run(false, q.at(i, h) + (long) r0 * q.rowStride(), q.rowStride(), true, k.at(i, h / group),
            k.rowStride(), ((long) j * tq + r0) * tk, tk, m, keys(r0 + m, tk, visible), hs, scale);
      }
      if (host) {
        SoftmaxKernels.softmaxBlock(p, j, tq, tk, visible, bias, i);
        weightedValues(new StridedGemm(valueBases), (long) j * tq * tk, v, y, i, h, group, tq, tk, hs, visible,
            rows);
      }
    });
    if (!host) {
      Attention.maskedSoftmaxInPlace(p, bias, visible);
      for (int j = 0; j < b * nh; j++) {
        weightedValues(valueBases, (long) j * tq * tk, v, y, j / nh, j % nh, group, tq, tk, hs, visible, rows);
      }
    }
  }

  /**
   * P of query head h of batch i into the float32 block at {@code scores}' c element {@code at} (byte address
   * {@code address}): the mask copied in (when {@code masked}), S = scale q k^T added per query block over its
   * visible keys, oneDNN's row softmax in place. The forward and the recomputing backward both call this, so their P
   * are the same bits.
   */
  private static void probabilities(StridedGemm scores, long at, long address, Heads q, Heads k, int i, int h,
      int group, int tq, int tk, int hs, int visible, double scale, int rows, boolean masked) {
    if (masked) {
      DnnlSoftmax.mask(address, tq, tk, visible);
    }
    for (int r0 = 0; r0 < tq; r0 += rows) {
      int m = Math.min(rows, tq - r0);
      scores.run(false, q.at(i, h) + (long) r0 * q.rowStride(), q.rowStride(), true, k.at(i, h / group),
          k.rowStride(), at + (long) r0 * tk, tk, m, keys(r0 + m, tk, visible), hs, scale, masked ? 1 : 0);
    }
    DnnlSoftmax.forward(address, tq, tk);
  }

  /** Y = P V for query head h of batch i, P at {@code pv}'s a element {@code at}, each query block over its keys. */
  private static void weightedValues(StridedGemm pv, long at, Heads v, Heads y, int i, int h, int group, int tq,
      int tk, int hs, int visible, int rows) {
    for (int r0 = 0; r0 < tq; r0 += rows) {
      int m = Math.min(rows, tq - r0);
      pv.run(false, at + (long) r0 * tk, tk, false, v.at(i, h / group), v.rowStride(),
          y.at(i, h) + (long) r0 * y.rowStride(), y.rowStride(), m, hs, keys(r0 + m, tk, visible), 1.0);
    }
  }

  /**
   * True when the float32 forward keeps each head's probabilities P in a thread's block, saving none, and the
   * backward recomputes them by the same calls: no (B, nh, Tq, Tk) array is written in the forward or read back cold
   * in the backward (as PyTorch's flash attention). Where {@link #dsInBlock} holds, oneDNN's softmax forward is
   * jitted, the switch {@link #recompute} is on and one piece's blocks fit {@link #MAX_BLOCK_FLOATS}.
   */
  static boolean recomputes(INDArray x, boolean bias, int[] dims, int visible, double scale) {
    return recompute && dsInBlock(x, bias, dims, visible, scale, true)
        && DnnlSoftmax.usable(dims[3], dims[4], visible);
  }

  /**
   * True when the float32 backward keeps dS in a thread's block, writing no (B, nh, Tq, Tk) array: no bias (whose
   * gradient sums dS over heads), the kernels' OpenBLAS path with oneDNN's softmax backward, the switch
   * {@link #dsBlocks} on (or P recomputed: {@code withP}), and one piece's blocks (dS of a key/value head's group,
   * and P when recomputed) within {@link #MAX_BLOCK_FLOATS}.
   */
  static boolean dsInBlock(INDArray x, boolean bias, int[] dims, int visible, double scale, boolean withP) {
    long block = (long) dims[3] * dims[4];
    return (dsBlocks || withP) && !bias && HostFloats.AVAILABLE && x.dataType() == DataType.FLOAT && usable(x)
        && !DnnlAttention.usable(dims, visible, scale) && DnnlSoftmax.usableBackward(dims[3], dims[4], visible)
        && block * (dims[1] / dims[2] + (withP ? 1 : 0)) <= MAX_BLOCK_FLOATS;
  }

  /** Switch of {@link #recomputes} ({@code -Dgrpo4j.attention.recompute}, default on). */
  static volatile boolean recompute = !"false".equals(System.getProperty("grpo4j.attention.recompute"));

  /** Switch of {@link #dsInBlock} ({@code -Dgrpo4j.attention.dsBlocks}, default on). */
  static volatile boolean dsBlocks = !"false".equals(System.getProperty("grpo4j.attention.dsBlocks"));

  /** The most floats one piece keeps in its thread's block (16 MB). */
  static final long MAX_BLOCK_FLOATS = 1L << 22;

  static final Dnnl.ThreadFloats BLOCKS = new Dnnl.ThreadFloats();

  /** This thread's block of float32 scratch, 64-byte aligned: its pointer, first element and byte address. */
  record Block(FloatPointer pointer, long first, long address) {
    static Block of(long n) {
      FloatPointer f = BLOCKS.get(n + 16);
      long pad = ((64 - (f.address() & 63)) & 63) / 4;
      return new Block(f, pad, f.address() + 4 * pad);
    }

    /** {@code bases} with its operand a in this block. */
    StridedGemm a(StridedGemm bases) {
      return StridedGemm.withA(bases, pointer, first);
    }

    /** {@code bases} with its operand c in this block. */
    StridedGemm c(StridedGemm bases) {
      return StridedGemm.withC(bases, pointer, first);
    }
  }

  /**
   * Query rows per block of the causal GEMMs: a block of queries multiplies only the keys its last row sees, so most
   * of the masked triangle is never computed. Four blocks of at least {@link #MIN_QUERY_BLOCK} rows: smaller
   * products lose more to OpenBLAS's per-call packing than they save (docs/perf.md); a mask that hides no key, or
   * at most that many queries, is one block. Blocks are fixed by the shape, never by the thread count.
   */
  static int queryBlock(int tq, int tk, int visible) {
    return visible >= tk || tq <= MIN_QUERY_BLOCK ? tq : Math.max(MIN_QUERY_BLOCK, (tq + 3) / 4);
  }

  /** The smallest query block of {@link #queryBlock}. */
  static final int MIN_QUERY_BLOCK = 64;

  /** Keys visible to queries [0, end): min(tk, end + visible). */
  private static int keys(int end, int tk, int visible) {
    return (int) Math.min(tk, (long) end + visible);
  }

  /** Queries that see key {@code key}: from max(0, key - visible) on. */
  private static int firstQuery(int key, int visible) {
    return Math.max(0, key - visible);
  }

  /**
   * Gradients of {@link #forward} into dq, dk and dv (laid out like q, k, v; null when not needed) and ds (B, nh,
   * Tq, Tk), dense, which receives dS, the gradient of the biased scores (the bias's gradient summed over heads).
   * dy is the upstream gradient, heads like y's; {@code bias} tells whether the forward had one. A null p (the
   * forward kept none) is recomputed head by head; a null ds keeps dS in the thread's block ({@link #dsInBlock}).
   */
  static void backward(Heads q, Heads k, Heads v, boolean bias, INDArray p, int[] dims, int visible, double scale,
      Heads dy, Heads dq, Heads dk, Heads dv, INDArray ds) {
    int b = dims[0];
    int nh = dims[1];
    int nkv = dims[2];
    int tq = dims[3];
    int tk = dims[4];
    int hs = dims[5];
    int group = nh / nkv;
    boolean recompute = p == null;
    boolean inBlock = ds == null;
    boolean host = inBlock || FloatKernels.usable(p, ds);
    if (!inBlock && host && !bias && DnnlAttention.usable(dims, visible, scale)) { // the forward took it too
      DnnlAttention.backward(q, k, v, p, dims, visible, scale, dy, dq, dk, dv, ds);
      return;
    }
    long work = host ? (recompute ? 10L : 8L) * b * nh * tq * tk * hs : 0;
    if (!host) {
      ds.assign(0); // the reference softmax backward reads the masked blocks the GEMMs skip
    }
    int rows = queryBlock(tq, tk, visible);
    boolean onednn = inBlock || host && DnnlSoftmax.usableBackward(tq, tk, visible);
    long size = (long) tq * tk;
    long pa = onednn && !recompute ? HostFloats.address(p) : 0;
    long dsa = onednn && !inBlock ? HostFloats.address(ds) : 0;
    GradientGemms bases = new GradientGemms(q, k, v, p, dy, dq, dk, dv, ds); // addresses read once
    StridedGemm scoreBases = recompute ? new StridedGemm(q.array(), k.array(), null) : null;
    boolean masked = DnnlSoftmax.masks(tk, visible);
    Parallel.forEach(b * nkv, work, j -> {
      int i = j / nkv;
      int g = j % nkv;
      Block block = inBlock ? Block.of(((recompute ? 1 : 0) + group) * size) : null; // [P,] dS of each head
      GradientGemms gemms = inBlock ? bases.in(block, recompute) : bases.copy(); // pointers of this piece's own
      StridedGemm scores = recompute ? block.c(scoreBases) : null;
      long dsFirst = inBlock ? (recompute ? size : 0) : ((long) i * nh + (long) g * group) * size;
      for (int r = 0; r < group; r++) {
        int h = g * group + r;
        long pOff = recompute ? 0 : ((long) i * nh + h) * size;
        long dsOff = dsFirst + r * size;
        long pAddress = recompute ? block.address() : pa + 4 * pOff;
        long dsAddress = inBlock ? block.address() + 4 * dsOff : dsa + 4 * dsOff;
        if (recompute) { // P again, bit for bit the forward's
          probabilities(scores, 0, pAddress, q, k, i, h, group, tq, tk, hs, visible, scale, rows, masked);
        }
        if (dv != null) { // dV = sum over the group of P^T dY, each key block from the queries that see it
          keyBlocks(gemms.dv(), pOff, dy, dv, i, h, g, tq, tk, hs, visible, rows, 1.0, r == 0 ? 0 : 1);
        }
        if (onednn && masked) { // oneDNN reads the whole block: the masked part is 0
          DnnlSoftmax.zero(dsAddress, tq, tk);
        }
        for (int r0 = 0; r0 < tq; r0 += rows) { // dP = dY V^T on the visible blocks
          int m = Math.min(rows, tq - r0);
          gemms.dp().run(false, dy.at(i, h) + (long) r0 * dy.rowStride(), dy.rowStride(), true, v.at(i, g),
              v.rowStride(), dsOff + (long) r0 * tk, tk, m, keys(r0 + m, tk, visible), hs, 1.0);
        }
        if (onednn) {
          DnnlSoftmax.backward(pAddress, dsAddress, tq, tk); // dS, zero where P is
        } else if (host) {
          SoftmaxKernels.softmaxBlockBackward(p, ds, (long) i * nh + h, tq, tk, visible, 1f); // dS
        }
      }
      if (host) { // dS of this piece's heads is ready: the whole group in one piece, one hand-off per call
        queryKeyGradients(gemms, q, k, dims, visible, scale, dq, dk, j, dsFirst);
      }
    });
    if (!host) {
      Softmaxes.softmaxBackwardInPlace(p, ds, 3);
      for (int j = 0; j < b * nkv; j++) {
        queryKeyGradients(bases, q, k, dims, visible, scale, dq, dk, j,
            ((long) (j / nkv) * nh + (long) (j % nkv) * group) * size);
      }
    }
  }

  /**
   * dQ = scale dS K and dK (+)= scale dS^T Q for piece j = (batch i, key/value head g), its query heads in order, the
   * first head's dS at element {@code dsFirst} of the products' dS operand and the next ones after it.
   */
  private static void queryKeyGradients(GradientGemms gemms, Heads q, Heads k, int[] dims, int visible,
      double scale, Heads dq, Heads dk, int j, long dsFirst) {
    int nh = dims[1];
    int nkv = dims[2];
    int tq = dims[3];
    int tk = dims[4];
    int hs = dims[5];
    int group = nh / nkv;
    int i = j / nkv;
    int g = j % nkv;
    int rows = queryBlock(tq, tk, visible);
    for (int r = 0; r < group; r++) {
      int h = g * group + r;
      long dsOff = dsFirst + (long) r * tq * tk;
      if (dq != null) { // dQ = scale dS K, each query block over its visible keys
        for (int r0 = 0; r0 < tq; r0 += rows) {
          int m = Math.min(rows, tq - r0);
          gemms.dq().run(false, dsOff + (long) r0 * tk, tk, false, k.at(i, g), k.rowStride(),
              dq.at(i, h) + (long) r0 * dq.rowStride(), dq.rowStride(), m, hs, keys(r0 + m, tk, visible), scale);
        }
      }
      if (dk != null) { // dK = sum over the group of scale dS^T Q
        keyBlocks(gemms.dk(), dsOff, q, dk, i, h, g, tq, tk, hs, visible, rows, scale, r == 0 ? 0 : 1);
      }
    }
  }

  /**
   * The backward's four products over its arrays (null where a gradient is not needed): dV = P^T dY, dP = dY V^T,
   * dQ = dS K, dK = dS^T Q. Built once per call, copied per piece ({@link StridedGemm}'s copy constructor).
   */
  private record GradientGemms(StridedGemm dv, StridedGemm dp, StridedGemm dq, StridedGemm dk) {
    GradientGemms(Heads q, Heads k, Heads v, INDArray p, Heads dy, Heads dq, Heads dk, Heads dv, INDArray ds) {
      this(dv == null ? null : new StridedGemm(p, dy.array(), dv.array()), new StridedGemm(dy.array(), v.array(), ds),
          dq == null ? null : new StridedGemm(ds, k.array(), dq.array()),
          dk == null ? null : new StridedGemm(ds, q.array(), dk.array()));
    }

    /** A copy whose dS operands (and P, when recomputed) lie in {@code block}. */
    GradientGemms in(Block block, boolean recompute) {
      return new GradientGemms(dv == null ? null : recompute ? block.a(dv) : new StridedGemm(dv), block.c(dp),
          dq == null ? null : block.a(dq), dk == null ? null : block.a(dk));
    }

    GradientGemms copy() {
      return new GradientGemms(dv == null ? null : new StridedGemm(dv), new StridedGemm(dp),
          dq == null ? null : new StridedGemm(dq), dk == null ? null : new StridedGemm(dk));
    }
  }

  /**
   * out[key block] (+)= alpha w[queries that see it, key block]^T x[those queries] for head h of batch i (w: P or dS
   * at wOff, x: dY or Q), out the key/value head g: the key-side products dV = P^T dY and dK = scale dS^T Q.
   */
  private static void keyBlocks(StridedGemm gemm, long wOff, Heads x, Heads out, int i, int h, int g, int tq,
      int tk, int hs, int visible, int rows, double alpha, double beta) {
    int cols = rows == tq ? tk : rows;
    for (int c0 = 0; c0 < tk; c0 += cols) {
      int n = Math.min(cols, tk - c0);
      int first = firstQuery(c0, visible);
      gemm.run(true, wOff + (long) first * tk + c0, tk, false, x.at(i, h) + (long) first * x.rowStride(),
          x.rowStride(), out.at(i, g) + (long) c0 * out.rowStride(), out.rowStride(), n, hs, tq - first, alpha,
          beta);
    }
  }
}
