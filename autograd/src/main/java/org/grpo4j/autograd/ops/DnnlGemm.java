package org.grpo4j.autograd.ops;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;

import org.bytedeco.dnnl.global.dnnl.scratchpad_mode;
import org.bytedeco.dnnl.matmul;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive_attr;
import org.grpo4j.autograd.HostFloats;
import org.grpo4j.autograd.Parallel;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * c = op(a) op(b) (+ bias) in float32 on oneDNN's matmul, tile by tile, on CPUs where oneDNN 2.5 has its brgemm kernel
 * (AVX-512): each tile takes brgemm where oneDNN picks it (x W + b, dY W^T: whole rows of dense operands) and oneDNN's
 * jit GEMM elsewhere (weight gradients X^T dY, whose a is read transposed, and column tiles of a strided b). Weight
 * gradients at 2 threads over m in 64..2304, n in 64..3072, k in 128..2048 took 0.50-0.94 of OpenBLAS's time with its
 * SkylakeX kernels for m up to 256 and 0.91-1.14 beyond, 0.31-0.63 with its Haswell kernels; GPT training steps,
 * interleaved in one process, 0.986 (d256) and 0.906 (d128) of the time with SkylakeX's, 0.834 and 0.923 with
 * Haswell's, 0.602 (d256) with the kernels OpenBLAS 0.3.19 detects on this Zen 5: products no longer hang on the
 * OpenBLAS kernel a process happens to load. brgemm's tiles ran GPT steps in 0.95-0.96 of OpenBLAS's (docs/perf.md).
 * Where brgemm is missing (AVX2) the jit GEMM was mixed against OpenBLAS (0.67-2.1 under ONEDNN_MAX_CPU_ISA=AVX2), so
 * products stay on OpenBLAS there. It runs the tiles {@link GemmTiles} plans for the product, each one single-threaded
 * call on {@link Parallel}'s pool, so results are bit-identical at any thread count; a tile of whole rows writes into c
 * where it lies, a tile of columns writes a dense block into the thread's scratch and copies it row by row into c
 * (oneDNN 2.5's brgemm writes dense outputs only). Bias rows come in as oneDNN's bias argument.
 */
final class DnnlGemm {
  private DnnlGemm() {}

  /**
   * Rows and columns beyond which an x W product cut into tiles of whole rows (neither operand transposed) stays on
   * OpenBLAS: on an AVX-512 Xeon, oneDNN 2.5's brgemm ran single-threaded tiles of 1,536-4,096 whole rows of
   * 2,304-3,072 columns (k = 768-3,072) at 114-238 GFLOP/s where OpenBLAS ran 290-308, of 1,536 columns 1.07-1.15x
   * slower, while tiles of up to 1,024 rows (a 2,048-token step's halves), of up to 1,024 columns, or of columns
   * (2,048 rows by 1,152-1,536) were level or faster (0.92-1.04, docs/perf.md).
   */
  static final int NN_MAX_ROWS = 1024;

  /** See {@link #NN_MAX_ROWS}. */
  static final int NN_MAX_COLS = 1024;

  /**
   * Inner dimension beyond which an x W product in tiles of more than {@link #LONG_K_MAX_ROWS} whole rows stays on
   * OpenBLAS: a tied head's dLogits wte (k = the vocabulary) in such tiles of 384-2,048 rows took 1.10-1.24x
   * OpenBLAS's time at k = 50,257 and 1.16-1.21 at k = 16,384-151,936 on the AVX-512 Xeon, while the peers'
   * 512-token GPT-2-small step (tiles of 512 rows by 384 columns) took 0.80 and k of 4,096-8,192 1.05
   * (docs/perf.md).
   */
  static final int LONG_K = 8192;

  /** See {@link #LONG_K}. */
  static final int LONG_K_MAX_ROWS = 256;

  /**
   * True when oneDNN's kernels are on and a single product of at least {@link GemmTiles#TILE_MIN} multiply-adds (the
   * size from which products are tiled; smaller ones, unmeasured on oneDNN, stay on OpenBLAS) has a jitted kernel
   * for the product's first tile on a CPU with brgemm, unless it is an x W product where oneDNN measured slower than
   * OpenBLAS: tiles of whole rows beyond {@link #NN_MAX_ROWS} by {@link #NN_MAX_COLS}, or of more than
   * {@link #LONG_K_MAX_ROWS} whole rows over an inner dimension beyond {@link #LONG_K}.
   */
  static boolean usable(GemmTiles t, boolean ta, boolean tb, boolean bias) {
    if (!Dnnl.KERNELS || t.batch() != 1 || (long) t.m() * t.n() * t.k() < GemmTiles.TILE_MIN) {
      return false;
    }
    Shape first = new Shape(Math.min(t.rows(), t.m()), Math.min(t.cols(), t.n()), t.k(), t.m(), t.n(), ta, tb, bias);
    boolean xwWholeRows = !ta && !tb && first.w() == t.n();
    if (xwWholeRows && (first.h() > NN_MAX_ROWS && first.w() > NN_MAX_COLS
        || t.k() > LONG_K && first.h() > LONG_K_MAX_ROWS)) {
      return false;
    }
    return primitive(first).fast;
  }

  /**
   * The plan of the product c (m, n) = op(a) op(b) as one tile, when oneDNN has a fast kernel for it ({@link #usable});
   * else null.
   */
  static GemmTiles whole(int m, int n, int k, boolean ta, boolean tb) {
    GemmTiles t = new GemmTiles(1, m, n, k, m, n);
    return usable(t, ta, tb, false) ? t : null;
  }

  /** c (m, n) = op(a) op(b) (+ bias) for dense float32 a, b, c, tile by tile as t plans; c not aliasing a or b. */
  static void run(GemmTiles t, INDArray a, boolean ta, INDArray b, boolean tb, INDArray c, BiasRows bias) {
    long aa = HostFloats.address(a);
    long ba = HostFloats.address(b);
    long ca = HostFloats.address(c);
    long va = bias == null ? 0 : HostFloats.address(bias.vector);
    int colTiles = t.colTiles();
    int m = t.m();
    int n = t.n();
    int k = t.k();
    boolean pool = t.count() > 1 && LoadGate.open();
    Parallel.forEach(t.count(), pool ? (long) m * n * k : 0, p -> {
      int row = p / colTiles * t.rows();
      int col = p % colTiles * t.cols();
      int h = Math.min(t.rows(), m - row);
      int w = Math.min(t.cols(), n - col);
      long offA = ta ? row : (long) row * k;
      long offB = tb ? (long) col * k : col;
      Prim prim = primitive(new Shape(h, w, k, m, n, ta, tb, bias != null));
      boolean dense = w == n;
      long out = dense ? ca + 4L * row * n : Dnnl.Scratch.floats((long) h * w).address();
      if (bias != null) {
        prim.call.run(aa + 4 * offA, ba + 4 * offB, out, va + 4L * col);
      } else {
        prim.call.run(aa + 4 * offA, ba + 4 * offB, out);
      }
      if (!dense) {
        Dnnl.Scratch.copyRows(out, ca + 4L * ((long) row * n + col), h, w, n);
      }
    });
  }

  /** One tile: h rows and w columns of an (m, n) product over k, a and b read transposed or not, with bias or not. */
  private record Shape(int h, int w, int k, int m, int n, boolean ta, boolean tb, boolean bias) {}

  /** A tile's matmul, and whether oneDNN runs it on brgemm, or on its jit GEMM on a CPU that has brgemm. */
  private record Prim(Dnnl.Call call, boolean fast) {}

  /** Distinct tile shapes beyond which the cache is emptied (an RL loop's changing batch lengths add entries). */
  private static final int MAX_PRIMITIVES = 1024;

  private static final Dnnl.Cache<Shape, Prim> PRIMITIVES = new Dnnl.Cache<>(MAX_PRIMITIVES, DnnlGemm::build);

  private static Prim primitive(Shape s) {
    return PRIMITIVES.get(s);
  }

  /** Whether this CPU has oneDNN's brgemm: a dense 256-square product gets it (checked once). */
  private static final class Brgemm {
    static final boolean CPU = matmul(descs(new Shape(256, 256, 256, 256, 256, false, false, false)))
        .impl_info_str().getString().startsWith("brg");
  }

  private static Prim build(Shape s) {
    memory.desc[] d = descs(s);
    matmul.primitive_desc pd = matmul(d);
    String impl = pd.impl_info_str().getString();
    boolean fast = impl.startsWith("brg") || (impl.startsWith("gemm:jit") && Brgemm.CPU);
    int[] ids = s.bias() ? new int[] {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST, DNNL_ARG_BIAS}
        : new int[] {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST};
    return new Prim(new Dnnl.Call(new matmul(pd), ids, d, pd.scratchpad_desc()), fast);
  }

  /** A tile's operands: src (h, k), weights (k, w), dst (h, w), and the bias (1, w) when it has one. */
  private static memory.desc[] descs(Shape s) {
    memory.desc src = new memory.desc(new long[] {s.h(), s.k()}, memory.data_type.f32,
        s.ta() ? new long[] {1, s.m()} : new long[] {s.k(), 1});
    memory.desc wei = new memory.desc(new long[] {s.k(), s.w()}, memory.data_type.f32,
        s.tb() ? new long[] {1, s.k()} : new long[] {s.n(), 1});
    memory.desc dst = new memory.desc(new long[] {s.h(), s.w()}, memory.data_type.f32,
        new long[] {s.w() == s.n() ? s.n() : s.w(), 1});
    if (!s.bias()) {
      return new memory.desc[] {src, wei, dst};
    }
    return new memory.desc[] {src, wei, dst,
        new memory.desc(new long[] {1, s.w()}, memory.data_type.f32, memory.format_tag.ab)};
  }

  private static matmul.primitive_desc matmul(memory.desc[] d) {
    primitive_attr attr = new primitive_attr();
    attr.set_scratchpad_mode(scratchpad_mode.user);
    matmul.desc m = d.length == 3 ? new matmul.desc(d[0], d[1], d[2]) : new matmul.desc(d[0], d[1], d[3], d[2]);
    return new matmul.primitive_desc(m, attr, Dnnl.ENGINE);
  }
}
