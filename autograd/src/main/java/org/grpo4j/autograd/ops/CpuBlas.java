package org.grpo4j.autograd.ops;

import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.cblas_dgemv;
import static org.bytedeco.openblas.global.openblas.cblas_sgemv;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.grpo4j.autograd.KernelMode;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Parallel;
import org.bytedeco.openblas.presets.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.LoggerFactory;

/**
 * Row-major GEMM straight into OpenBLAS (the library ND4J's CPU backend uses), skipping ND4J's custom-op
 * dispatch: measured 10-15% faster per call at the sizes grpo4j runs. Only on the CPU backend, for dense FLOAT or
 * DOUBLE arrays; otherwise {@link Gemm} goes through {@code Nd4j.gemm}.
 */
final class CpuBlas {
  static final boolean AVAILABLE = !Boolean.getBoolean("grpo4j.nd4jGemm")
      && Nd4j.getBackend().getClass().getName().equals("org.nd4j.linalg.cpu.nativecpu.CpuBackend");

  static {
    String omp = System.getenv("OMP_NUM_THREADS");
    if (AVAILABLE && Parallel.threads() > 1 && !"1".equals(omp)) {
      LoggerFactory.getLogger(CpuBlas.class).warn("OMP_NUM_THREADS is {}, expected 1: grpo4j runs the pieces of each"
          + " product and kernel on its own pool, and OpenBLAS's and oneDNN's OpenMP threads inside them oversubscribe"
          + " the cores (a d=256 GPT training step took 1.5-1.6x as long unset, docs/perf.md); start the JVM with"
          + " OMP_NUM_THREADS=1, as ./grpo4j does", omp == null ? "unset" : omp);
    }
  }

  /**
   * m n k of one product from which OpenBLAS gets every kernel thread instead of {@link GemmTiles}
   * ({@code -Dgrpo4j.blas.parallelMin}); off by default: OpenBLAS's threads lost to tiles at n = 1024 and 2048 here
   * (docs/perf.md) and their results depend on the thread count.
   */
  static final long PARALLEL_MIN = Long.getLong("grpo4j.blas.parallelMin", Long.MAX_VALUE);

  /** Rows up to which a product against a large matrix is split by columns over the pool ({@link #skinny}). */
  static final int SKINNY_ROWS = Integer.getInteger("grpo4j.blas.skinnyRows", 64);

  private CpuBlas() {}

  /**
   * True when c = a b is skinny: few rows of a (a decode step's tokens) against a large b (a layer's weights), where
   * one OpenBLAS call streams the weights on one core and packs them first. Such products run as column tiles of b
   * ({@link GemmTiles}) on {@link Parallel}'s pool, each a single-threaded GEMM over its own weight columns, so every
   * core streams its share of the weights; tiles are fixed by the shape, so results do not depend on the thread
   * count.
   */
  static boolean skinny(int batch, int m, int n, int k) {
    return batch == 1 && m <= SKINNY_ROWS && (long) n * k >= (1L << 20) && n >= 2 * GemmTiles.TILE_COLS;
  }

  /**
   * Runs {@code product} with {@link Parallel#threads()} OpenBLAS threads when one product has at least
   * {@link #PARALLEL_MIN} multiply-adds and we are not already inside a parallel kernel, else on one BLAS thread
   * (the launcher's OMP_NUM_THREADS=1); the count goes back to one afterwards so the small per-(batch, head)
   * products that attention runs on several Java threads never share OpenBLAS's thread pool.
   */
  static void withThreads(long mnk, Runnable product) {
    int t = Parallel.threads();
    if (t <= 1 || mnk < PARALLEL_MIN || Parallel.inWorker()) {
      product.run();
      return;
    }
    openblas_nolapack.blas_set_num_threads(t);
    try {
      product.run();
    } finally {
      openblas_nolapack.blas_set_num_threads(1);
    }
  }

  /** A javacpp pointer at the first element of dense FLOAT or DOUBLE a: a FloatPointer or a DoublePointer. */
  static Pointer pointer(INDArray a) {
    return a.dataType() == DataType.FLOAT ? new FloatPointer(a.data().addressPointer())
        : new DoublePointer(a.data().addressPointer());
  }

  /** True when {@link #gemm} may be used for these operands. */
  static boolean usable(INDArray a, INDArray b, INDArray c) {
    DataType t = a.dataType();
    return AVAILABLE && KernelMode.current() == KernelMode.FAST && (t == DataType.FLOAT || t == DataType.DOUBLE)
        && b.dataType() == t && c.dataType() == t
        && Nd.isDense(a) && Nd.isDense(b) && Nd.isDense(c);
  }

  /**
   * c = op(a) op(b) for {@code batch} matrices laid out one after another: op(a) (m, k), op(b) (k, n), c (m, n);
   * a, b and c dense in C order (the batch stride of b is 0 when {@code sharedB}). A float32 product runs on oneDNN
   * where it has a brgemm kernel ({@link DnnlGemm}); one of at least {@link #PARALLEL_MIN} multiply-adds gets
   * OpenBLAS's own threads; everything else runs as {@link GemmTiles}.
   */
  static void gemm(INDArray a, boolean ta, INDArray b, boolean tb, INDArray c, int batch, int m, int n, int k,
      boolean sharedB) {
    gemm(a, ta, b, tb, c, batch, m, n, k, sharedB, null);
  }

  /**
   * {@link #gemm} plus {@code bias} on every row of c, written into c before the product is added to it; by a weight
   * b registered in an open {@link PackedWeights} scope, one product on its packed copy instead.
   */
  static void gemm(INDArray a, boolean ta, INDArray b, boolean tb, INDArray c, int batch, int m, int n, int k,
      boolean sharedB, BiasRows bias) {
    PackedGemm.Packed packed = batch == 1 && !ta && a.dataType() == DataType.FLOAT ? PackedWeights.find(b, tb) : null;
    if (packed != null && packed.usable() && packed.k == k && packed.n == n) { // a weight packed once for this scope
      PackedGemm.run(packed, a, c, bias == null ? null : bias.vector, m);
      return;
    }
    GemmTiles plan = GemmTiles.plan(batch, m, n, k);
    if (a.dataType() == DataType.FLOAT && DnnlGemm.usable(plan, ta, tb, bias != null)) { // oneDNN's brgemm
      DnnlGemm.run(plan, a, ta, b, tb, c, bias);
      return;
    }
    if (batch == 1 && (long) m * n * k >= PARALLEL_MIN && Parallel.threads() > 1 && !Parallel.inWorker()) {
      withThreads((long) m * n * k, () -> new GemmTiles(1, m, n, k, m, n).run(a, ta, b, tb, c, sharedB, bias));
      return;
    }
    plan.run(a, ta, b, tb, c, sharedB, bias);
  }

  private static final Map<String, INDArray> ONES = new ConcurrentHashMap<>();

  /** Elements from which float32 column sums run as column blocks on the pool. */
  private static final long COLUMN_PIECES_MIN = 1L << 18;

  /**
   * Column sums of a dense (rows, cols) matrix as a GEMV against a cached vector of ones: (cols,); large float32
   * ones as up to four column blocks of at least 64 on the pool (fixed by the shape, so any thread count agrees).
   */
  static INDArray columnSums(INDArray g) {
    int rows = (int) g.size(0);
    int cols = (int) g.size(1);
    INDArray ones = ONES.computeIfAbsent(g.dataType() + ":" + rows, key -> Nd4j.ones(g.dataType(), rows));
    INDArray out = Nd.empty(g.dataType(), cols);
    if (g.dataType() == DataType.FLOAT) {
      int width = (long) rows * cols >= COLUMN_PIECES_MIN ? Math.max(64, (cols / 4 + 15) / 16 * 16) : cols;
      int pieces = (cols + width - 1) / width; // fixed by the shape: each column is summed by one call
      Parallel.forEach(pieces, (long) rows * cols, p -> {
        int from = p * width;
        int w = Math.min(width, cols - from);
        FloatPointer a = new FloatPointer(g.data().addressPointer());
        FloatPointer o = new FloatPointer(out.data().addressPointer());
        cblas_sgemv(CblasRowMajor, CblasTrans, rows, w, 1f, a.position(a.position() + from), cols,
            new FloatPointer(ones.data().addressPointer()), 1, 0f, o.position(o.position() + from), 1);
      });
    } else {
      cblas_dgemv(CblasRowMajor, CblasTrans, rows, cols, 1.0, new DoublePointer(g.data().addressPointer()), cols,
          new DoublePointer(ones.data().addressPointer()), 1, 0.0, new DoublePointer(out.data().addressPointer()),
          1);
    }
    return out;
  }
}
