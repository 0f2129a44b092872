package org.grpo4j.autograd.ops;

import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A scope in which products by registered weights read a copy packed once for the CPU's matrix kernel instead of
 * having OpenBLAS repack the weight on every call: what a rollout of many decode steps with fixed weights wants.
 *
 * <p>Inside the scope, on the thread that opened it, a product x W or x W^T ({@link Gemm}, {@code F.linear},
 * {@code F.mlp}, {@code F.matmul}) whose W is a registered float32 matrix and whose x is not transposed runs on
 * oneDNN's matmul over W packed into its blocked layout on first use ({@link PackedGemm}); every other product runs
 * as before. Scopes nest like {@code GradMode}'s; closing one releases its packed copies, whose memory is kept for
 * the next scope to pack into ({@link #releaseKept()} frees it). The weights must not change while the scope is
 * open: the packed copies would go stale. Where packing is unavailable (not the CPU backend, oneDNN's library not
 * loadable, a CPU without AVX-512, or {@code -Dgrpo4j.packedWeights=false}) the scope changes nothing.
 *
 * <pre>{@code
 * try (PackedWeights packed = PackedWeights.open(weightArrays)) {
 *   ... many forward passes under GradMode.noGrad() ...
 * }
 * }</pre>
 */
public final class PackedWeights implements AutoCloseable {
  /** False with {@code -Dgrpo4j.packedWeights=false}: every product stays on OpenBLAS. */
  static final boolean ENABLED = !"false".equals(System.getProperty("grpo4j.packedWeights"));

  private static final ThreadLocal<PackedWeights> CURRENT = new ThreadLocal<>();

  private final Set<INDArray> registered = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Map<INDArray, PackedGemm.Packed> plain = new IdentityHashMap<>();
  private final Map<INDArray, PackedGemm.Packed> transposed = new IdentityHashMap<>();
  private final PackedWeights previous;
  private final Thread owner = Thread.currentThread();
  private boolean closed;

  private PackedWeights(Collection<INDArray> weights, PackedWeights previous) {
    this.previous = previous;
    for (INDArray w : weights) {
      if (w.rank() == 2 && w.dataType() == DataType.FLOAT) {
        registered.add(w);
      }
    }
  }

  /**
   * Opens a scope on this thread for {@code weights} (arrays other than float32 matrices are ignored); products by
   * them are packed lazily, each (weight, transposition) once.
   */
  public static PackedWeights open(Collection<INDArray> weights) {
    PackedWeights scope = new PackedWeights(available() ? weights : List.of(), CURRENT.get());
    CURRENT.set(scope);
    return scope;
  }

  /**
   * True when products can run on packed weights here: the CPU backend, oneDNN loadable with its packed-weight kernel
   * for this CPU (AVX-512), and not disabled.
   */
  public static boolean available() {
    return ENABLED && CpuBlas.AVAILABLE && PackedGemm.available();
  }

  /**
   * Frees the memory that closed scopes left for the next one to pack into ({@link PackedBuffers}: at most the most
   * bytes of packed copies open at once, so one copy of the weights' size between rollouts); scopes still open keep
   * theirs. For a program that is done with rollouts, or needs that memory for something else.
   */
  public static void releaseKept() {
    PackedBuffers.releaseKept();
  }

  /** Packed copies this scope holds (one per weight and transposition used so far that oneDNN's kernel takes). */
  public int packedCount() {
    int n = 0;
    for (Map<INDArray, PackedGemm.Packed> forms : List.of(plain, transposed)) {
      for (PackedGemm.Packed p : forms.values()) {
        n += p.usable() ? 1 : 0;
      }
    }
    return n;
  }

  /**
   * The packed form of {@code b} (used transposed when {@code tb}) in this thread's innermost scope, packed now if
   * this is its first use; null when no scope is open here or {@code b} is not registered in it.
   */
  static PackedGemm.Packed find(INDArray b, boolean tb) {
    PackedWeights scope = CURRENT.get();
    if (scope == null || !scope.registered.contains(b)) {
      return null;
    }
    Map<INDArray, PackedGemm.Packed> forms = tb ? scope.transposed : scope.plain;
    return forms.computeIfAbsent(b, w -> PackedGemm.pack(w, tb));
  }

  /** Frees the packed copies and restores the enclosing scope; closing twice is harmless. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    if (Thread.currentThread() != owner || CURRENT.get() != this) {
      throw new IllegalStateException("packed weights closed out of order or on another thread than "
          + owner.getName() + "; close scopes innermost first on the thread that opened them");
    }
    closed = true;
    CURRENT.set(previous);
    for (PackedGemm.Packed p : plain.values()) {
      p.close();
    }
    for (PackedGemm.Packed p : transposed.values()) {
      p.close();
    }
    plain.clear();
    transposed.clear();
  }
}
