package org.grpo4j.bench.peers;

import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.cblas_sgemm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.presets.openblas_nolapack;

/**
 * This machine's limits, measured in the same run as the workloads: OpenBLAS sgemm GFLOP/s on large square
 * matrices on one BLAS thread and on every core (the peak is the better of the two), and memory bandwidth by a streaming copy of arrays far larger
 * than the caches (bytes read plus bytes written, as STREAM's copy counts them) on one and on all cores.
 */
public record MachineLimits(double sgemmGflops1, double sgemmGflopsAll, int sgemmSize, double copyGbPerS1,
    double copyGbPerSAll, int cores) {

  /** The sgemm peak: the better of one BLAS thread and every core (the figure workloads are a share of). */
  public double sgemmGflops() {
    return Math.max(sgemmGflops1, sgemmGflopsAll);
  }

  /** The best of both bandwidths: what a decode step's weight stream can reach at most. */
  public double bandwidthGbPerS() {
    return Math.max(copyGbPerS1, copyGbPerSAll);
  }

  /**
   * The better of this and {@code other} limit by limit: on a shared machine whose speed drifts within minutes,
   * shares against the best seen in a run are the conservative ones.
   */
  public MachineLimits best(MachineLimits other) {
    boolean mine = sgemmGflops() >= other.sgemmGflops();
    return new MachineLimits(Math.max(sgemmGflops1, other.sgemmGflops1), Math.max(sgemmGflopsAll,
        other.sgemmGflopsAll), mine ? sgemmSize : other.sgemmSize, Math.max(copyGbPerS1, other.copyGbPerS1),
        Math.max(copyGbPerSAll, other.copyGbPerSAll), cores);
  }

  /** Measures both limits ({@code quick}: fewer repetitions). */
  public static MachineLimits measure(boolean quick) {
    int cores = Runtime.getRuntime().availableProcessors();
    double best1 = 0;
    double bestAll = 0;
    int bestN = 0;
    for (int n : new int[] {1024, 2048}) {
      double[] g = sgemm(n, new int[] {1, cores}, quick ? 3 : 5);
      double g1 = g[0];
      double gAll = g[1];
      if (Math.max(g1, gAll) > Math.max(best1, bestAll)) {
        bestN = n; // the size at which the peak was measured
      }
      best1 = Math.max(best1, g1);
      bestAll = Math.max(bestAll, gAll);
    }
    return new MachineLimits(best1, bestAll, bestN, copy(1, quick ? 3 : 7), copy(cores, quick ? 3 : 7), cores);
  }

  /** Median GFLOP/s of C = A B for n x n float32 matrices on {@code threads} BLAS threads, one call per repetition. */
  static double sgemm(int n, int threads, int reps) {
    return sgemm(n, new int[] {threads}, reps)[0];
  }

  /** {@link #sgemm(int, int, int)} at each of {@code threads}, on one pair of matrices filled once. */
  static double[] sgemm(int n, int[] threads, int reps) {
    int len = n * n;
    float[] host = new float[len];
    try (FloatPointer a = lineAligned(new FloatPointer(len + 16));
        FloatPointer b = lineAligned(new FloatPointer(len + 16));
        FloatPointer c = lineAligned(new FloatPointer(len + 16))) {
      for (int i = 0; i < len; i++) {
        host[i] = (i % 7) * 0.1f;
      }
      a.put(host);
      for (int i = 0; i < len; i++) {
        host[i] = (i % 5) * 0.1f;
      }
      b.put(host);
      double[] gflops = new double[threads.length];
      for (int t = 0; t < threads.length; t++) {
        openblas_nolapack.blas_set_num_threads(threads[t]);
        try {
          gflops[t] = timed(n, reps, a, b, c);
        } finally {
          openblas_nolapack.blas_set_num_threads(1); // grpo4j's default outside its large products (CpuBlas)
        }
      }
      return gflops;
    }
  }

  /**
   * {@code p} positioned at its first element on a 64-byte boundary, as the engine's arrays are
   * ({@code AlignedArrays}): the peak is measured on memory laid out like the workloads' operands.
   */
  private static FloatPointer lineAligned(FloatPointer p) {
    return p.position(((64 - (p.address() & 63)) & 63) / Float.BYTES);
  }

  private static double timed(int n, int reps, FloatPointer a, FloatPointer b, FloatPointer c) {
    double[] s = new double[reps];
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1f, a, n, b, n, 0f, c, n); // warm-up
    for (int r = 0; r < reps; r++) {
      long t0 = System.nanoTime();
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1f, a, n, b, n, 0f, c, n);
      s[r] = (System.nanoTime() - t0) / 1e9;
    }
    return 2.0 * n * n * n / median(s) / 1e9;
  }

  /** Median GB/s of copying 64M floats (256 MB) into another array, split over {@code threads} threads. */
  static double copy(int threads, int reps) {
    int n = 64 << 20;
    float[] src = new float[n];
    float[] dst = new float[n];
    Arrays.fill(src, 1f);
    Arrays.fill(dst, 2f); // touch every page before timing
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      double[] s = new double[reps];
      for (int r = -1; r < reps; r++) {
        long t0 = System.nanoTime();
        List<Future<?>> parts = new ArrayList<>();
        int chunk = n / threads;
        for (int t = 0; t < threads; t++) {
          int from = t * chunk;
          int len = t == threads - 1 ? n - from : chunk;
          parts.add(pool.submit(() -> System.arraycopy(src, from, dst, from, len)));
        }
        for (Future<?> f : parts) {
          f.get();
        }
        if (r >= 0) {
          s[r] = (System.nanoTime() - t0) / 1e9;
        }
      }
      return 2.0 * 4 * n / median(s) / 1e9;
    } catch (Exception e) {
      throw new IllegalStateException("bandwidth measurement with " + threads + " threads failed", e);
    } finally {
      pool.shutdown();
    }
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
  }
}
