package org.grpo4j.autograd;

/** Thread-local switch for graph recording; {@link #noGrad()} opens a nesting-safe scope in which no graph is built. */
public final class GradMode {
  private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

  private GradMode() {}

  /** True when ops on this thread record a graph. */
  public static boolean isEnabled() {
    return ENABLED.get()[0];
  }

  /** Disables graph recording on this thread until the returned scope is closed. */
  public static Scope noGrad() {
    return set(false);
  }

  /** Enables graph recording on this thread until the returned scope is closed (inside a noGrad scope). */
  public static Scope enableGrad() {
    return set(true);
  }

  private static Scope set(boolean enabled) {
    boolean[] flag = ENABLED.get();
    boolean previous = flag[0];
    flag[0] = enabled;
    return new Scope(flag, previous);
  }

  /** Restores the previous grad mode when closed; closing twice is harmless. */
  public static final class Scope implements AutoCloseable {
    private final boolean[] flag;
    private final boolean previous;
    private boolean closed;

    private Scope(boolean[] flag, boolean previous) {
      this.flag = flag;
      this.previous = previous;
    }

    @Override
    public void close() {
      if (!closed) {
        flag[0] = previous;
        closed = true;
      }
    }
  }
}
