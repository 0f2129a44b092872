package org.grpo4j.autograd;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An opt-in, thread-local arena for a training or sampling step: arrays the engine creates while it is open (op
 * outputs, residuals, gradients) are closed when it closes, releasing their off-heap memory at once instead of
 * after a garbage collection. Leaf gradients and anything passed to {@link #keep} survive; using any other array
 * of the scope afterwards throws ND4J's "argument was closed" error. Scopes nest: what an inner scope keeps is
 * released by the outer one.
 */
public final class MemoryScope implements AutoCloseable {
  private static final ThreadLocal<MemoryScope> CURRENT = new ThreadLocal<>();

  private final MemoryScope parent;
  private final List<INDArray> created = new ArrayList<>();
  private final Set<Long> kept = new HashSet<>();
  private boolean closed;

  private MemoryScope(MemoryScope parent) {
    this.parent = parent;
  }

  /** Opens a scope on this thread (nested inside the current one, if any). */
  public static MemoryScope open() {
    MemoryScope s = new MemoryScope(CURRENT.get());
    CURRENT.set(s);
    return s;
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
        x.close();
      }
    }
    created.clear();
  }

  static long address(INDArray x) {
    return x.length() == 0 ? 0 : x.data().address();
  }
}
