package org.grpo4j.autograd;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An opt-in, thread-local arena for a training or sampling step: arrays the engine creates while it is open (op
 * outputs, residuals, gradients) are closed when it closes, releasing their off-heap memory at once instead of
 * after a garbage collection. Leaf gradients and anything passed to {@link #keep} survive; using any other array
 * of the scope afterwards throws ND4J's "argument was closed" error. Scopes nest: what an inner scope keeps is
 * released by the outer one.
 *
 * <p>A {@link #recycling()} scope instead hands the arrays that ops allocate through {@link Nd#empty} back to a
 * per-thread pool when it closes, and the next step's allocations of the same shapes reuse them (as ND4J's
 * workspaces do): the fast mode for training loops. Its arrays are then silently overwritten by later steps rather
 * than closed, so {@link #keep} whatever must outlive the step.
 */
public final class MemoryScope implements AutoCloseable {
  private static final ThreadLocal<MemoryScope> CURRENT = new ThreadLocal<>();
  private static final ThreadLocal<ArrayPool> POOL = new ThreadLocal<>(); // set by the first recycling scope

  private final MemoryScope parent;
  private final boolean recycle;
  private final List<INDArray> created = new ArrayList<>();
  private final List<INDArray> pooled = new ArrayList<>();
  private final Set<Long> kept = new HashSet<>();
  private boolean closed;

  private MemoryScope(MemoryScope parent, boolean recycle) {
    this.parent = parent;
    this.recycle = recycle;
  }

  /** Opens a scope on this thread (nested inside the current one, if any) that closes its arrays. */
  public static MemoryScope open() {
    MemoryScope s = new MemoryScope(CURRENT.get(), false);
    CURRENT.set(s);
    return s;
  }

  /** Opens a scope on this thread whose arrays go back to the thread's pool for the next step to reuse. */
  public static MemoryScope recycling() {
    if (POOL.get() == null) {
      POOL.set(new ArrayPool());
    }
    MemoryScope s = new MemoryScope(CURRENT.get(), true);
    CURRENT.set(s);
    return s;
  }

  private boolean hasRecyclingParent() {
    for (MemoryScope p = parent; p != null; p = p.parent) {
      if (p.recycle) {
        return true;
      }
    }
    return false;
  }

  /** True inside a recycling scope on this thread (arrays from {@link Nd#empty} then return to the pool). */
  static boolean recyclingNow() {
    MemoryScope s = CURRENT.get();
    return s != null && s.recycle;
  }

  /**
   * Records an array created outside the engine's ops (by a kernel or user code) with the innermost open scope,
   * which then releases it with its own arrays; without a scope it is left to the garbage collector.
   */
  public static INDArray adopt(INDArray x) {
    track(x);
    return x;
  }

  /** Bytes of free arrays this thread's pool holds for the next recycling scopes. */
  public static long poolBytes() {
    return POOL.get() == null ? 0 : POOL.get().bytes();
  }

  /** (arrays reused from this thread's pool, arrays newly allocated by recycling scopes) so far. */
  public static long[] poolCounts() {
    return POOL.get() == null ? new long[2] : POOL.get().counts();
  }

  /**
   * Frees an array the engine owns and nobody else references (a released gradient): back to the thread's pool
   * when it runs recycling scopes and the array spans its whole buffer, else closed (views that cannot be closed
   * are left to the garbage collector).
   */
  static void release(INDArray x) {
    if (x.wasClosed() || x.length() == 0) {
      return;
    }
    ArrayPool pool = POOL.get();
    if (pool != null && x.offset() == 0 && x.ordering() == 'c' && Nd.isDense(x)
        && x.data().length() == x.length()
        && (x.data().underlyingDataBuffer() == null || x.data().underlyingDataBuffer().length() == x.length())) {
      pool.give(x);
    } else if (x.closeable()) {
      AlignedArrays.close(x);
    }
  }

  /** An uninitialized C-order array: from the pool inside a recycling scope, else newly allocated. */
  static INDArray allocate(DataType dtype, long[] shape) {
    MemoryScope s = CURRENT.get();
    if (s == null || !s.recycle || Nd.length(shape) == 0) {
      return AlignedArrays.uninitialized(dtype, shape);
    }
    INDArray x = POOL.get().take(dtype, shape);
    if (x != null && !AlignedArrays.current(x)) { // made before alignment was switched: left to the collector
      x = null;
    }
    if (x == null) {
      x = AlignedArrays.uninitialized(dtype, shape.clone());
    }
    s.pooled.add(x);
    return x;
  }

  /** Keeps a tensor's data (and its gradient, if any) alive past this scope. */
  public Tensor keep(Tensor t) {
    keep(t.data());
    if (t.grad() != null) {
      keep(t.grad());
    }
    return t;
  }

  /** Keeps an array (and every view of its buffer) alive past this scope. */
  public INDArray keep(INDArray x) {
    kept.add(address(x));
    return x;
  }

  /** Number of arrays this scope has recorded so far. */
  public int recorded() {
    return created.size();
  }

  /** True when a scope is open on this thread. */
  static boolean active() {
    return CURRENT.get() != null;
  }

  /** Records an array the engine created; it will be closed with the innermost open scope. */
  static void track(INDArray x) {
    MemoryScope s = CURRENT.get();
    if (s != null && x != null && x.length() > 0) {
      s.created.add(x);
    }
  }

  /** Marks an array that must outlive every open scope (a leaf gradient, a returned result). */
  static void escape(INDArray x) {
    for (MemoryScope s = CURRENT.get(); s != null; s = s.parent) {
      s.kept.add(address(x));
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    if (CURRENT.get() != this) {
      throw new IllegalStateException("memory scopes must be closed in reverse order of opening");
    }
    closed = true;
    CURRENT.set(parent);
    Set<Long> done = new HashSet<>();
    for (INDArray x : pooled) {
      if (x.wasClosed()) {
        continue;
      }
      long a = address(x);
      done.add(a); // views and reshapes of it among the created arrays are handled here
      if (kept.contains(a)) {
        if (parent != null) {
          (parent.recycle ? parent.pooled : parent.created).add(x);
        }
      } else {
        POOL.get().give(x);
      }
    }
    pooled.clear();
    if (recycle && !hasRecyclingParent()) {
      POOL.get().endStep();
    }
    for (INDArray x : created) {
      if (x.wasClosed()) {
        continue; // released through another wrapper of the same buffer
      }
      long a = address(x);
      if (kept.contains(a)) {
        if (parent != null && done.add(a)) {
          parent.created.add(x);
        }
        continue;
      }
      if (done.add(a) && !x.wasClosed() && x.closeable()) {
        AlignedArrays.close(x);
      }
    }
    created.clear();
  }

  static long address(INDArray x) {
    return x.length() == 0 ? 0 : x.data().address();
  }
}
