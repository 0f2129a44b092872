package org.grpo4j.autograd.ops;

import java.nio.FloatBuffer;
import java.util.BitSet;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.grpo4j.autograd.HostFloats;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Parallel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Float32 and float64 CPU kernels of inference attention over a key/value store (S, nkv, capacity, hs): writing new
 * tokens' keys or values into their (slot, position) rows, and softmax(q k^T / sqrt(hs)) v of segments of queries,
 * each segment reading positions 0..its own of one slot (causal), query head h reading key/value head h / (nh / nkv).
 * One OpenBLAS GEMM (GEMV for one query) per (segment, head) each way and a host softmax; segments run in
 * parallel ({@link Parallel}). Float64 takes the same GEMMs in double and an exact host softmax
 * ({@link DoubleAttentionKernels}); float32 oneDNN's in place for a decode step's single query where it loads
 * ({@link DnnlSoftmax}), else the vectorized one ({@link SoftmaxKernels}). The reference math and the caller are
 * {@code transformer.InferenceAttention}.
 */
public final class CachedAttention {
  private CachedAttention() {}

  /** True when these arrays can take these kernels: dense arrays of one dtype, FLOAT or DOUBLE, on the CPU backend. */
  public static boolean usable(INDArray... xs) {
    DataType t = xs[0].dataType();
    return (t == DataType.FLOAT || t == DataType.DOUBLE) && HostFloats.usable(t, xs)
        && StridedGemm.usable(xs[0], xs[0], xs[0]);
  }

  /**
   * Copies head block g (hs channels at column from + g * hs) of each row i of src (N, W) into
   * store[slots[i], g, positions[i], :] for g < nkv: the cache write of N tokens.
   */
  public static void write(INDArray src, int from, INDArray store, int[] slots, int[] positions) {
    Pointer in = CpuBlas.pointer(src);
    Pointer out = CpuBlas.pointer(store);
    int[] dims = {(int) store.size(1), (int) store.size(2), (int) store.size(3)};
    for (int i = 0; i < slots.length; i++) {
      copyRows(in, (int) src.size(1), from, out, dims, i, 1, slots[i], positions[i]);
    }
  }

  /**
   * Rows [row, row + n) of src (W columns behind {@code in}), head blocks at column from, into positions
   * [position, position + n) of the slot's rows of a store of dims (nkv, capacity, hs) behind {@code out} (moved;
   * the caller's own pointers).
   */
  private static void copyRows(Pointer in, int w, int from, Pointer out, int[] dims, int row, int n, int slot,
      int position) {
    int hs = dims[2];
    long inBase = in.position();
    long outBase = out.position();
    for (int i = 0; i < n; i++) {
      for (int g = 0; g < dims[0]; g++) { // memory to memory: no Java array in between
        long at = inBase + (long) (row + i) * w + from + (long) g * hs;
        long to = outBase + storeRow(dims, slot, g, position + i);
        out.position(to).put(in.position(at).limit(at + hs));
      }
    }
    in.position(inBase);
    out.position(outBase);
  }

  /**
   * {@link #copyRows(Pointer, int, int, Pointer, int[], int, int, int, int)} between NIO views of whole float32
   * arrays: bulk copies by absolute index, which threads may run side by side, and no JNI call per row.
   */
  private static void copyRows(FloatBuffer in, int w, int from, FloatBuffer out, int[] dims, int row, int n,
      int slot, int position) {
    int hs = dims[2];
    for (int i = 0; i < n; i++) {
      for (int g = 0; g < dims[0]; g++) {
        out.put((int) storeRow(dims, slot, g, position + i), in, (row + i) * w + from + g * hs, hs);
      }
    }
  }

  /** The first element of store[slot, g, position, :] in a store of dims (nkv, capacity, hs). */
  private static long storeRow(int[] dims, int slot, int g, int position) {
    return (((long) slot * dims[0] + g) * dims[1] + position) * dims[2];
  }

  /** NIO views of whole dense arrays, or null unless all are float32 and each view stays under 2 GB. */
  private static FloatBuffer[] views(INDArray... xs) {
    FloatBuffer[] out = new FloatBuffer[xs.length];
    for (int i = 0; i < xs.length; i++) {
      if (xs[i].dataType() != DataType.FLOAT || xs[i].length() > Integer.MAX_VALUE / 4) {
        return null;
      }
      FloatPointer p = new FloatPointer(xs[i].data().addressPointer());
      out[i] = p.limit(p.position() + xs[i].length()).asBuffer();
    }
    return out;
  }

  /** A pointer of p's type at p's address, position and limit, for one thread to move. */
  private static Pointer copyOf(Pointer p) {
    return p instanceof FloatPointer ? new FloatPointer(p) : new DoublePointer(p);
  }

  /**
   * {@code n} rounded up to a power of two: a decode's score buffer grows by one key per sequence and head every
   * step, so without rounding no step's buffer would come from the recycling pool and each would be a new (zeroed)
   * allocation; with it, one in many steps allocates. The buffer is small beside the KV cache it scores.
   */
  static long bucket(long n) {
    return n <= 1 ? 1 : Long.highestOneBit(n - 1) << 1;
  }

  /**
   * Attention of N queries, heads of hs channels at columns [from, from + nh * hs) of q (N, W), over the store:
   * segment s is rows [starts[s], starts[s] + lengths[s]) of q, at positions firstPositions[s].. of slot slots[s],
   * each reading that slot's positions 0..its own. Returns merged heads (N, nh * hs).
   */
  public static INDArray attend(INDArray q, int from, int nHead, INDArray keys, INDArray values, int[] slots,
      int[] starts, int[] lengths, int[] firstPositions) {
    return attend(q, from, nHead, null, 0, null, 0, keys, values, slots, starts, lengths, firstPositions);
  }

  /**
   * {@link #write} of the new keys (heads at column kFrom of k (N, Wk)) and values (vFrom of v), then
   * {@link #attend}, with the same results: each segment writes its own tokens' rows in its own piece, beside the
   * reads that follow, instead of one thread writing every row first. Segments continue distinct slots.
   */
  public static INDArray writeAndAttend(INDArray q, int from, int nHead, INDArray k, int kFrom, INDArray v,
      int vFrom, INDArray keys, INDArray values, int[] slots, int[] starts, int[] lengths, int[] firstPositions) {
    BitSet seen = new BitSet();
    for (int slot : slots) {
      if (slot < 0 || slot >= keys.size(0)) {
        throw new IllegalArgumentException("attention: slot " + slot + " is outside the cache's " + keys.size(0)
            + " slots");
      }
      if (seen.get(slot)) {
        throw new IllegalArgumentException("attention: slot " + slot + " is continued by two segments of one pass");
      }
      seen.set(slot);
    }
    return attend(q, from, nHead, k, kFrom, v, vFrom, keys, values, slots, starts, lengths, firstPositions);
  }

  private static INDArray attend(INDArray q, int from, int nHead, INDArray k, int kFrom, INDArray v, int vFrom,
      INDArray keys, INDArray values, int[] slots, int[] starts, int[] lengths, int[] firstPositions) {
    int w = (int) q.size(1);
    int nkv = (int) keys.size(1);
    int cap = (int) keys.size(2);
    int hs = (int) keys.size(3);
    int group = nHead / nkv;
    int c = nHead * hs;
    int segments = slots.length;
    long[] scoreAt = new long[segments + 1]; // each segment's (nh, L, keys) block of scores
    long work = 0;
    for (int s = 0; s < segments; s++) {
      long block = (long) nHead * lengths[s] * (firstPositions[s] + lengths[s]);
      scoreAt[s + 1] = scoreAt[s] + block;
      work += 4L * block * hs;
    }
    INDArray scores = Nd.empty(q.dataType(), bucket(scoreAt[segments])); // only its first scoreAt[segments] used
    INDArray y = Nd.empty(q.dataType(), (long) starts[segments - 1] + lengths[segments - 1], c);
    double scale = 1.0 / Math.sqrt(hs);
    boolean single = q.dataType() == DataType.FLOAT;
    StridedGemm qkBases = new StridedGemm(q, keys, scores); // addresses read once, copied per segment
    StridedGemm pvBases = new StridedGemm(scores, values, y);
    FloatPointer scoreBase = single ? new FloatPointer(scores.data().addressPointer()) : null;
    long scoreAddress = single ? HostFloats.address(scores) : 0;
    int[] dims = {nkv, cap, hs};
    int kw = k == null ? 0 : (int) k.size(1);
    int vw = v == null ? 0 : (int) v.size(1);
    FloatBuffer[] nio = k == null ? null : views(k, v, keys, values); // float32 row copies in Java, no JNI call each
    Pointer[] ptr = k == null || nio != null ? null
        : new Pointer[] {CpuBlas.pointer(k), CpuBlas.pointer(v), CpuBlas.pointer(keys), CpuBlas.pointer(values)};
    Parallel.forEach(segments, work, s -> { // one segment per piece, any thread
      int len = lengths[s];
      int nKeys = firstPositions[s] + len;
      if (nio != null) { // this segment's new keys and values first: its slot's rows are its own
        copyRows(nio[0], kw, kFrom, nio[2], dims, starts[s], len, slots[s], firstPositions[s]);
        copyRows(nio[1], vw, vFrom, nio[3], dims, starts[s], len, slots[s], firstPositions[s]);
      } else if (ptr != null) {
        copyRows(copyOf(ptr[0]), kw, kFrom, copyOf(ptr[2]), dims, starts[s], len, slots[s], firstPositions[s]);
        copyRows(copyOf(ptr[1]), vw, vFrom, copyOf(ptr[3]), dims, starts[s], len, slots[s], firstPositions[s]);
      }
      StridedGemm qk = new StridedGemm(qkBases);
      for (int h = 0; h < nHead; h++) {
        long kv = ((long) slots[s] * nkv + h / group) * cap * hs;
        qk.run(false, (long) starts[s] * w + from + (long) h * hs, w, true, kv, hs,
            scoreAt[s] + (long) h * len * nKeys, nKeys, len, nKeys, hs, scale); // q k^T of head h
      }
      int block = (int) (scoreAt[s + 1] - scoreAt[s]);
      if (single && len == 1 && DnnlSoftmax.usable(nHead, nKeys, nKeys)) { // a decode step: one row per head
        DnnlSoftmax.forward(scoreAddress + 4 * scoreAt[s], nHead, nKeys);
      } else if (single) {
        float[] p = FloatKernels.scratch(0, block);
        FloatPointer at = new FloatPointer(scoreBase);
        at.position(at.position() + scoreAt[s]).get(p, 0, block);
        SoftmaxKernels.softmaxRows(p, nHead, len, nKeys, firstPositions[s], 1f); // causal: query i sees 0..first+i
        at.put(p, 0, block);
      } else {
        DoubleAttentionKernels.softmaxBlock(scores, scoreAt[s], nHead, len, nKeys, firstPositions[s]);
      }
      StridedGemm pv = new StridedGemm(pvBases);
      for (int h = 0; h < nHead; h++) {
        long kv = ((long) slots[s] * nkv + h / group) * cap * hs;
        pv.run(false, scoreAt[s] + (long) h * len * nKeys, nKeys, false, kv, hs,
            (long) starts[s] * c + (long) h * hs, c, len, hs, nKeys, 1.0); // P v into head h's columns of y
      }
    });
    Nd.free(scores);
    return y;
  }
}
