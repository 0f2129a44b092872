package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Parallel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A linear layer's two backward products, dx = g w^T and dw = x^T g, for x (rows, in), g (rows, out) and w (in, out),
 * or dx = g w and dw = g^T x for a weight stored (out, in) (a tied head's wte). Where the weight is small
 * ({@link #MAX_WEIGHT}) they run side by side on oneDNN, each whole product one single-threaded call on its own
 * thread, instead of one after the other in tiles: a weight gradient with all of its rows in one call gets oneDNN's
 * brgemm (in tiles of rows, with its a read transposed, only the jit GEMM), and neither product repacks an operand
 * that its tiles would share. Pairs are for machines whose products run in two tiles ({@link GemmTiles#MAX_TILES},
 * up to 3 cores), where they were measured: on an AVX-512 Xeon the training steps took 0.97-0.98 of the tiles' time,
 * on an AVX-512 Zen 5 1.04 at d=128 and level at d=256 (docs/perf.md); from 4 cores the tiles use every core and stay.
 * Each product is one call whatever the thread count, so results are bit-identical at any number of threads
 * ({@code -Dgrpo4j.blas.pairGradients=false} turns the pairs off).
 */
public final class LinearGradients {
  private LinearGradients() {}

  /**
   * Most weight elements for a side-by-side pair: 2^18, a 1 MB float32 weight ({@code -Dgrpo4j.blas.pairMaxWeight}).
   * On the AVX-512 Xeon (2 MB of L2 per core), pairs of 2,048 rows took 0.88-0.90 of the tiles' time for a 1,024 x 256
   * weight, 0.90-0.99 for 512 x 128, 0.96 for 256 x 256 and were level for 256 x 768 and 256 x 1,024; 768 x 768 ran
   * 0.96-1.05 (level in GPT-2 small's step), 768 x 2,304 1.09-1.12 and 768 x 3,072 2.3x (docs/perf.md).
   */
  static final long MAX_WEIGHT = Long.getLong("grpo4j.blas.pairMaxWeight", 1L << 18);

  static volatile boolean enabled = !"false".equals(System.getProperty("grpo4j.blas.pairGradients"));

  /**
   * {dx, dw} for x (rows, in), g (rows, out), w (in, out); an entry is null when not asked for ({@code needX},
   * {@code needW}).
   */
  public static INDArray[] of(INDArray x, INDArray g, INDArray w, boolean needX, boolean needW) {
    return of(x, g, w, false, needX, needW);
  }

  /**
   * {dx, dw} for x (rows, in), g (rows, out) and w (in, out), or w (out, in) when {@code outIn}; an entry is null when
   * not asked for ({@code needX}, {@code needW}).
   */
  public static INDArray[] of(INDArray x, INDArray g, INDArray w, boolean outIn, boolean needX, boolean needW) {
    return of(x, g, w, outIn, needX, needW, GemmTiles.MAX_TILES);
  }

  /** {@link #of} on a machine whose products run in up to {@code maxTiles} tiles (tests: any machine's rule). */
  static INDArray[] of(INDArray x, INDArray g, INDArray w, boolean outIn, boolean needX, boolean needW,
      int maxTiles) {
    int rows = (int) x.size(0);
    int in = (int) x.size(1);
    int out = (int) g.size(1);
    GemmTiles[] plans = needX && needW && x.dataType() == DataType.FLOAT && CpuBlas.usable(x, g, w)
        ? pair(rows, in, out, outIn, maxTiles) : null;
    if (plans == null) {
      INDArray dx = needX ? Gemm.mm(g, false, w, !outIn) : null;
      INDArray dw = !needW ? null : outIn ? Gemm.mm(g, true, x, false) : Gemm.mm(x, true, g, false);
      return new INDArray[] {dx, dw};
    }
    INDArray xc = Nd.contiguous(x);
    INDArray gc = Nd.contiguous(g);
    INDArray wc = Nd.contiguous(w);
    INDArray dx = Nd.empty(DataType.FLOAT, rows, in);
    INDArray dw = outIn ? Nd.empty(DataType.FLOAT, out, in) : Nd.empty(DataType.FLOAT, in, out);
    long work = LoadGate.open() ? 2L * rows * in * out : 0; // else in order on this thread: same calls, same bits
    Parallel.forEach(2, work, p -> {
      if (p == 0) {
        DnnlGemm.run(plans[0], gc, false, wc, !outIn, dx, null); // dx = g w^T, or g w
      } else if (outIn) {
        DnnlGemm.run(plans[1], gc, true, xc, false, dw, null); // dw = g^T x
      } else {
        DnnlGemm.run(plans[1], xc, true, gc, false, dw, null); // dw = x^T g
      }
    });
    return new INDArray[] {dx, dw};
  }

  /**
   * The one-tile plans {dx, dw} when the two products of a linear map of this shape run side by side on a machine of
   * {@code maxTiles} tiles: pairs on, two tiles, a weight of at most {@link #MAX_WEIGHT} elements, and oneDNN's fast
   * kernels for both whole products; else null.
   */
  static GemmTiles[] pair(int rows, int in, int out, boolean outIn, int maxTiles) {
    if (!enabled || maxTiles > 2 || (long) in * out > MAX_WEIGHT) {
      return null;
    }
    GemmTiles dx = DnnlGemm.whole(rows, in, out, false, !outIn);
    GemmTiles dw = outIn ? DnnlGemm.whole(out, in, rows, true, false) : DnnlGemm.whole(in, out, rows, true, false);
    return dx == null || dw == null ? null : new GemmTiles[] {dx, dw};
  }
}
