package org.grpo4j.autograd.ops;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SCALE_SHIFT;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_MEAN;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCALE_SHIFT;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_VARIANCE;

import org.bytedeco.dnnl.global.dnnl.normalization_flags;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.global.dnnl.scratchpad_mode;
import org.bytedeco.dnnl.layer_normalization_backward;
import org.bytedeco.dnnl.layer_normalization_forward;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive_attr;
import org.grpo4j.autograd.HostFloats;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Parallel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link LayerNorm}'s float32 kernels on oneDNN's layer normalization, which reads and writes ND4J's buffers where
 * they lie (the Java kernels copy every row into Java arrays and back: most of their time, docs/perf.md). Rows are
 * cut into pieces fixed by the shape, each one single-threaded call on {@link Parallel}'s pool; the backward's
 * dgamma and dbeta are summed piece by piece in order, so results are bit-identical at any thread count. The
 * forward saves (mean; variance) per row, which is what oneDNN's backward takes.
 */
final class DnnlLayerNorm {
  private DnnlLayerNorm() {}

  /** Fewest elements per piece: below this a call's fixed cost outweighs a second thread. */
  private static final int MIN_PIECE = 32768;

  /** Most pieces per call. */
  private static final int MAX_PIECES = 8;

  /** True when oneDNN's kernels are on and its implementation for (rows, cols) is not its reference loops. */
  static boolean usable(long rows, long cols, double eps) {
    if (!Dnnl.KERNELS || rows < 1 || cols < 1 || rows * cols > Integer.MAX_VALUE) {
      return false;
    }
    return primitives(pieceRows((int) rows, (int) cols), (int) cols, (float) eps).fast; // the first piece's shape
  }

  /** Rows per piece for (rows, cols): at most {@link #MAX_PIECES} pieces of at least {@link #MIN_PIECE} elements. */
  static int pieceRows(int rows, int cols) {
    long pieces = Math.max(1, Math.min(MAX_PIECES, (long) rows * cols / MIN_PIECE));
    return (int) ((rows + pieces - 1) / pieces);
  }

  /**
   * y = layer_norm(x) for dense float32 x (rows, cols); fills st (2, rows) with each row's mean and biased
   * variance; ss (2, cols) holds gamma and beta.
   */
  static INDArray forward(INDArray x, INDArray ss, INDArray st, float eps) {
    int rows = (int) x.size(0);
    int cols = (int) x.size(1);
    INDArray y = Nd.empty(DataType.FLOAT, rows, cols);
    long xa = HostFloats.address(x);
    long ya = HostFloats.address(y);
    long sa = HostFloats.address(st);
    long ssa = HostFloats.address(ss);
    eachPiece(rows, cols, 8, (i, r0, n, off) ->
        primitives(n, cols, eps).forward.run(xa + off, ya + off, sa + 4L * r0, sa + 4L * (rows + r0), ssa));
    return y;
  }

  /**
   * dx for dense float32 x and g (rows, cols), from the forward's st and ss; {@code dss} (pieces, 2, cols) receives
   * each piece's (dgamma; dbeta), which the caller sums in piece order.
   */
  static INDArray backward(INDArray x, INDArray g, INDArray st, INDArray ss, INDArray dss, float eps) {
    int rows = (int) x.size(0);
    int cols = (int) x.size(1);
    INDArray dx = Nd.empty(DataType.FLOAT, rows, cols);
    long xa = HostFloats.address(x);
    long ga = HostFloats.address(g);
    long dxa = HostFloats.address(dx);
    long sa = HostFloats.address(st);
    long ssa = HostFloats.address(ss);
    long da = HostFloats.address(dss);
    eachPiece(rows, cols, 12, (i, r0, n, off) -> primitives(n, cols, eps).backward.run(xa + off, ga + off,
        sa + 4L * r0, sa + 4L * (rows + r0), ssa, dxa + off, da + 4L * 2 * cols * i));
    return dx;
  }

  /** Piece i: n rows from row r0, whose elements start {@code off} bytes into a dense (rows, cols) array. */
  private interface Piece {
    void run(int i, int r0, int n, long off);
  }

  /** Runs every piece of (rows, cols) on the pool (in order on this thread when there is one). */
  private static void eachPiece(int rows, int cols, int workPerElement, Piece piece) {
    int per = pieceRows(rows, cols);
    int pieces = pieces(rows, cols);
    Parallel.forEach(pieces, pieces > 1 ? (long) rows * cols * workPerElement : 0, i -> {
      int r0 = i * per;
      piece.run(i, r0, Math.min(per, rows - r0), 4L * r0 * cols);
    });
  }

  /** Pieces of {@link #backward} for rows: the leading size of its {@code dss}. */
  static int pieces(int rows, int cols) {
    int per = pieceRows(rows, cols);
    return (rows + per - 1) / per;
  }

  /** The forward and backward primitives for one piece's shape, and whether oneDNN's implementation is jitted. */
  private record Primitives(Dnnl.Call forward, Dnnl.Call backward, boolean fast) {}

  private record Key(int rows, int cols, float eps) {}

  /** Distinct shapes beyond which the cache is emptied (each sequence length adds two). */
  private static final int MAX_PRIMITIVES = 256;

  private static final Dnnl.Cache<Key, Primitives> PRIMITIVES =
      new Dnnl.Cache<>(MAX_PRIMITIVES, k -> build(k.rows(), k.cols(), k.eps()));

  private static Primitives primitives(int rows, int cols, float eps) {
    return PRIMITIVES.get(new Key(rows, cols, eps));
  }

  private static Primitives build(int rows, int cols, float eps) {
    memory.desc data = new memory.desc(new long[] {rows, cols}, memory.data_type.f32, memory.format_tag.ab);
    memory.desc stat = new memory.desc(new long[] {rows}, memory.data_type.f32, memory.format_tag.a);
    memory.desc ss = new memory.desc(new long[] {2, cols}, memory.data_type.f32, memory.format_tag.ab);
    int flags = normalization_flags.use_scale_shift.value;
    primitive_attr attr = new primitive_attr();
    attr.set_scratchpad_mode(scratchpad_mode.user); // each thread its own scratchpad: safe to run concurrently
    layer_normalization_forward.primitive_desc fpd = new layer_normalization_forward.primitive_desc(
        new layer_normalization_forward.desc(prop_kind.forward_training.value, data, stat, eps, flags), attr,
        Dnnl.ENGINE);
    layer_normalization_backward.primitive_desc bpd = new layer_normalization_backward.primitive_desc(
        new layer_normalization_backward.desc(prop_kind.backward.value, data, data, stat, eps, flags), attr,
        Dnnl.ENGINE, fpd);
    boolean fast = !fpd.impl_info_str().getString().startsWith("ref")
        && !bpd.impl_info_str().getString().startsWith("ref");
    Dnnl.Call forward = new Dnnl.Call(new layer_normalization_forward(fpd),
        new int[] {DNNL_ARG_SRC, DNNL_ARG_DST, DNNL_ARG_MEAN, DNNL_ARG_VARIANCE, DNNL_ARG_SCALE_SHIFT},
        new memory.desc[] {data, data, stat, stat, ss}, fpd.scratchpad_desc());
    Dnnl.Call backward = new Dnnl.Call(new layer_normalization_backward(bpd),
        new int[] {DNNL_ARG_SRC, DNNL_ARG_DIFF_DST, DNNL_ARG_MEAN, DNNL_ARG_VARIANCE, DNNL_ARG_SCALE_SHIFT,
            DNNL_ARG_DIFF_SRC, DNNL_ARG_DIFF_SCALE_SHIFT},
        new memory.desc[] {data, data, stat, stat, ss, data, ss}, bpd.scratchpad_desc());
    return new Primitives(forward, backward, fast);
  }
}
