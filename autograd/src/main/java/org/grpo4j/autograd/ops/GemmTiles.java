package org.grpo4j.autograd.ops;

import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.cblas_dgemm;
import static org.bytedeco.openblas.global.openblas.cblas_sgemm;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.grpo4j.autograd.Parallel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How {@link CpuBlas} cuts c = op(a) op(b) (per batch entry) into tiles of c ({@link #plan}): blocks of
 * {@code rows} rows by {@code cols} columns, each a single-threaded OpenBLAS call over the whole inner dimension k,
 * run as pieces on {@link Parallel}'s pool. Tiles depend on the shape and the machine's core count only and k is never
 * split, so every element of c is computed by the same call with the same summation order whatever the thread
 * count: results are bit-identical for any number of threads. A plan of one tile per entry is the plain product.
 * On a machine already busier than its cores ({@link LoadGate}) the tiles of non-skinny products run in order on the
 * calling thread.
 */
record GemmTiles(int batch, int m, int n, int k, int rows, int cols) {
  /** Multiply-adds per batch entry from which a product is tiled ({@code -Dgrpo4j.blas.tileMin}). */
  static final long TILE_MIN = Long.getLong("grpo4j.blas.tileMin", 1L << 21);

  /** Fewest rows of c per row tile ({@code -Dgrpo4j.blas.tileRows}). */
  static final int TILE_ROWS = Integer.getInteger("grpo4j.blas.tileRows", 128);

  /** Fewest columns of c per column tile ({@code -Dgrpo4j.blas.tileCols}); also the piece of a skinny product. */
  static final int TILE_COLS = Integer.getInteger("grpo4j.blas.tileCols", 256);

  /**
   * Most tiles per product: 2 on machines of up to 3 cores, 4 from 4 cores. Every tile repacks the operand it shares
   * with the others, so where two threads do the work two halves beat four quarters (docs/perf.md, "Two tiles on two
   * cores"). Fixed per machine: never the kernel thread setting or the load, so results stay bit-identical at any
   * thread count.
   */
  static final int MAX_TILES = Runtime.getRuntime().availableProcessors() >= 4 ? 4 : 2;

  /** The tiles for {@code batch} products of (m, k) by (k, n) on this machine ({@link #MAX_TILES}). */
  static GemmTiles plan(int batch, int m, int n, int k) {
    return plan(batch, m, n, k, MAX_TILES);
  }

  /**
   * The tiles for {@code batch} products of (m, k) by (k, n) on a machine allowing {@code maxTiles} (2 or 4). A skinny
   * product ({@link CpuBlas#skinny}) runs as column tiles of {@link #TILE_COLS}; one of at least {@link #TILE_MIN}
   * multiply-adds is cut along the longer side of c into blocks of whole rows (m >= n) or whole columns, so each tile
   * packs its own strip of the larger operand and the smaller one whole (a weight gradient a^T b too: cut along
   * a's columns when m >= n, along b's otherwise): {@code maxTiles} blocks when each keeps at least
   * {@link #TILE_ROWS} rows or {@link #TILE_COLS} columns, else two (never three: on 2 cores one would idle a third
   * of the time), multiples of 16; anything smaller is one tile per batch entry.
   */
  static GemmTiles plan(int batch, int m, int n, int k, int maxTiles) {
    if (CpuBlas.skinny(batch, m, n, k)) {
      return new GemmTiles(batch, m, n, k, m, Math.min(n, TILE_COLS));
    }
    if ((long) m * n * k < TILE_MIN) {
      return new GemmTiles(batch, m, n, k, m, n);
    }
    if (m >= n) {
      return new GemmTiles(batch, m, n, k, Math.min(m, extent(m, TILE_ROWS, maxTiles)), n);
    }
    return new GemmTiles(batch, m, n, k, m, Math.min(n, extent(n, TILE_COLS, maxTiles)));
  }

  /**
   * A tile's extent along a side of {@code size}: a {@code maxTiles}-th, rounded up to a multiple of 16, when that
   * keeps at least {@code min} and more than two tiles are allowed, else a half.
   */
  private static int extent(int size, int min, int maxTiles) {
    int part = roundUp16((size + maxTiles - 1) / maxTiles);
    return maxTiles > 2 && part >= min ? part : roundUp16((size + 1) / 2);
  }

  private static int roundUp16(int size) {
    return (size + 15) / 16 * 16;
  }

  int rowTiles() {
    return (m + rows - 1) / rows;
  }

  int colTiles() {
    return (n + cols - 1) / cols;
  }

  /** Pieces of the whole product: batch entries times tiles per entry. */
  int count() {
    return batch * rowTiles() * colTiles();
  }

  /**
   * c = op(a) op(b) for dense C-order a, b, c holding {@code batch} matrices one after another (b's batch stride 0
   * when {@code sharedB}), tile by tile on the pool; plus {@code bias} on every row when given (else null): each
   * tile is first filled with its columns of the bias and the product added to it (beta = 1), so c is written once
   * instead of zeroed, multiplied into and then passed over again. The sum differs from product-then-bias only in
   * rounding, and is fixed by the shape.
   */
  void run(INDArray a, boolean ta, INDArray b, boolean tb, INDArray c, boolean sharedB, BiasRows bias) {
    long strideA = (long) m * k;
    long strideB = sharedB ? 0 : (long) k * n;
    long strideC = (long) m * n;
    int perEntry = rowTiles() * colTiles();
    int colTiles = colTiles();
    boolean single = a.dataType() == DataType.FLOAT;
    boolean pool = count() > 1 && (CpuBlas.skinny(batch, m, n, k) || LoadGate.open());
    long work = pool ? (long) batch * m * n * k : 0; // else in order on this thread: same tiles, same results
    if (bias != null) {
      bias.prepare(); // here, before the pieces fill their tiles from it on any thread
    }
    Parallel.forEach(count(), work, p -> {
      int entry = p / perEntry;
      int row = (p % perEntry) / colTiles * rows;
      int col = (p % perEntry) % colTiles * cols;
      int h = Math.min(rows, m - row);
      int w = Math.min(cols, n - col);
      long offA = entry * strideA + (ta ? row : (long) row * k); // a (k, m) when transposed, else (m, k)
      long offB = entry * strideB + (tb ? (long) col * k : col); // b (n, k) when transposed, else (k, n)
      long offC = entry * strideC + (long) row * n + col;
      if (bias != null) {
        bias.fill(c, offC, h, w, col);
      }
      if (single) {
        sgemm(a, ta, offA, b, tb, offB, c, offC, h, w, bias == null ? 0f : 1f);
      } else {
        dgemm(a, ta, offA, b, tb, offB, c, offC, h, w, bias == null ? 0.0 : 1.0);
      }
    });
  }

  private void sgemm(INDArray a, boolean ta, long offA, INDArray b, boolean tb, long offB, INDArray c, long offC,
      int h, int w, float beta) {
    FloatPointer pa = new FloatPointer(a.data().addressPointer());
    FloatPointer pb = new FloatPointer(b.data().addressPointer());
    FloatPointer pc = new FloatPointer(c.data().addressPointer());
    cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, h, w, k, 1f,
        pa.position(pa.position() + offA), ta ? m : k, pb.position(pb.position() + offB), tb ? k : n, beta,
        pc.position(pc.position() + offC), n);
  }

  private void dgemm(INDArray a, boolean ta, long offA, INDArray b, boolean tb, long offB, INDArray c, long offC,
      int h, int w, double beta) {
    DoublePointer pa = new DoublePointer(a.data().addressPointer());
    DoublePointer pb = new DoublePointer(b.data().addressPointer());
    DoublePointer pc = new DoublePointer(c.data().addressPointer());
    cblas_dgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, h, w, k, 1.0,
        pa.position(pa.position() + offA), ta ? m : k, pb.position(pb.position() + offB), tb ? k : n, beta,
        pc.position(pc.position() + offC), n);
  }
}
