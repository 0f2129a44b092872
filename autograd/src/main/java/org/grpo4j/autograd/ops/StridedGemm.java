package org.grpo4j.autograd.ops;

import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.cblas_dgemm;
import static org.bytedeco.openblas.global.openblas.cblas_dgemv;
import static org.bytedeco.openblas.global.openblas.cblas_sgemm;
import static org.bytedeco.openblas.global.openblas.cblas_sgemv;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.grpo4j.autograd.KernelMode;
import org.grpo4j.autograd.Nd;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Row-major OpenBLAS GEMMs on sub-matrices of three dense CPU arrays, each given by an element offset and a
 * leading dimension: c[offC] = alpha op(a[offA]) op(b[offB]). Lets attention read heads straight out of a packed
 * (B, T, 3C) projection and write merged heads, with no permute copies.
 */
final class StridedGemm {
  private final boolean single;
  private final FloatPointer fa;
  private final FloatPointer fb;
  private final FloatPointer fc;
  private final DoublePointer da;
  private final DoublePointer db;
  private final DoublePointer dc;
  private final long oa;
  private final long ob;
  private final long oc;

  /** True when a, b and c are dense arrays of one dtype, FLOAT or DOUBLE, on the CPU backend. */
  static boolean usable(INDArray a, INDArray b, INDArray c) {
    DataType t = a.dataType();
    return CpuBlas.AVAILABLE && KernelMode.current() == KernelMode.FAST
        && (t == DataType.FLOAT || t == DataType.DOUBLE) && b.dataType() == t
        && c.dataType() == t && Nd.isDense(a) && Nd.isDense(b) && Nd.isDense(c);
  }

  StridedGemm(INDArray a, INDArray b, INDArray c) {
    single = (a == null ? b : a).dataType() == DataType.FLOAT;
    if (single) { // a or c may be null: a thread's block takes its place (withA, withC)
      fa = a == null ? null : new FloatPointer(a.data().addressPointer());
      fb = new FloatPointer(b.data().addressPointer());
      fc = c == null ? null : new FloatPointer(c.data().addressPointer());
      da = db = dc = null;
      oa = fa == null ? 0 : fa.position();
      ob = fb.position();
      oc = fc == null ? 0 : fc.position();
    } else {
      da = new DoublePointer(a.data().addressPointer());
      db = new DoublePointer(b.data().addressPointer());
      dc = new DoublePointer(c.data().addressPointer());
      fa = fb = fc = null;
      oa = da.position();
      ob = db.position();
      oc = dc.position();
    }
  }

  /**
   * A copy of {@code bases} with pointers of its own: as cheap as a field copy, where reading an array's address
   * through ND4J (the other constructor) costs ~150 ns a pointer. For pieces on several threads, one copy each.
   */
  StridedGemm(StridedGemm bases) {
    single = bases.single;
    fa = single && bases.fa != null ? new FloatPointer(bases.fa) : null;
    fb = single ? new FloatPointer(bases.fb) : null;
    fc = single && bases.fc != null ? new FloatPointer(bases.fc) : null;
    da = single ? null : new DoublePointer(bases.da);
    db = single ? null : new DoublePointer(bases.db);
    dc = single ? null : new DoublePointer(bases.dc);
    oa = bases.oa;
    ob = bases.ob;
    oc = bases.oc;
  }

  /** A float32 copy of {@code bases} with operand a at {@code a}'s element {@code at}: a thread's scratch block. */
  static StridedGemm withA(StridedGemm bases, FloatPointer a, long at) {
    return new StridedGemm(new FloatPointer(a), at, new FloatPointer(bases.fb), bases.ob,
        bases.fc == null ? null : new FloatPointer(bases.fc), bases.oc);
  }

  /** A float32 copy of {@code bases} with operand c at {@code c}'s element {@code at}: a thread's scratch block. */
  static StridedGemm withC(StridedGemm bases, FloatPointer c, long at) {
    return new StridedGemm(bases.fa == null ? null : new FloatPointer(bases.fa), bases.oa,
        new FloatPointer(bases.fb), bases.ob, new FloatPointer(c), at);
  }

  private StridedGemm(FloatPointer a, long oa, FloatPointer b, long ob, FloatPointer c, long oc) {
    single = true;
    fa = a;
    fb = b;
    fc = c;
    da = db = dc = null;
    this.oa = oa;
    this.ob = ob;
    this.oc = oc;
  }

  /** c[offC] (m, n; ldc) = alpha op(a[offA]) (m, k; lda) op(b[offB]) (k, n; ldb); op transposes when asked. */
  void run(boolean ta, long offA, int lda, boolean tb, long offB, int ldb, long offC, int ldc, int m, int n, int k,
      double alpha) {
    run(ta, offA, lda, tb, offB, ldb, offC, ldc, m, n, k, alpha, 0);
  }

  /** c[offC] = alpha op(a[offA]) op(b[offB]) + beta c[offC] (beta 1 accumulates; 0 ignores c's old values). */
  void run(boolean ta, long offA, int lda, boolean tb, long offB, int ldb, long offC, int ldc, int m, int n, int k,
      double alpha, double beta) {
    if (m == 1) { // one row (a decode step): GEMV, about 5x cheaper per call than a 1-row GEMM
      gemv(offA, ta ? lda : 1, tb, offB, ldb, offC, n, k, alpha, beta);
      return;
    }
    int transA = ta ? CblasTrans : CblasNoTrans;
    int transB = tb ? CblasTrans : CblasNoTrans;
    if (single) {
      cblas_sgemm(CblasRowMajor, transA, transB, m, n, k, (float) alpha, fa.position(oa + offA), lda,
          fb.position(ob + offB), ldb, (float) beta, fc.position(oc + offC), ldc);
    } else {
      cblas_dgemm(CblasRowMajor, transA, transB, m, n, k, alpha, da.position(oa + offA), lda,
          db.position(ob + offB), ldb, beta, dc.position(oc + offC), ldc);
    }
  }

  /** c (n) = alpha op(b)^T a + beta c for a row a of k elements spaced incA apart: B (n, k) when tb, else (k, n). */
  private void gemv(long offA, int incA, boolean tb, long offB, int ldb, long offC, int n, int k, double alpha,
      double beta) {
    int rows = tb ? n : k;
    int cols = tb ? k : n;
    int trans = tb ? CblasNoTrans : CblasTrans;
    if (single) {
      cblas_sgemv(CblasRowMajor, trans, rows, cols, (float) alpha, fb.position(ob + offB), ldb,
          fa.position(oa + offA), incA, (float) beta, fc.position(oc + offC), 1);
    } else {
      cblas_dgemv(CblasRowMajor, trans, rows, cols, alpha, db.position(ob + offB), ldb, da.position(oa + offA),
          incA, beta, dc.position(oc + offC), 1);
    }
  }
}
