package org.grpo4j.autograd;

/**
 * Which implementations ops may use on this thread: {@link #FAST} (the default) lets them call OpenBLAS directly
 * and run float32 kernels in Java on the CPU backend; {@link #ND4J} restricts them to ND4J's own calls, the path
 * other backends (CUDA) take. A scope, for tests of that path and for ruling a fast kernel in or out of a bug.
 */
public enum KernelMode {
  /** Direct OpenBLAS calls and Java float32 kernels where the backend allows them. */
  FAST,
  /** ND4J's operations only. */
  ND4J;

  private static final ThreadLocal<KernelMode> CURRENT = ThreadLocal.withInitial(() -> FAST);

  /** The mode of this thread. */
  public static KernelMode current() {
    return CURRENT.get();
  }

  /** Sets this thread's mode until the returned scope closes (scopes nest). */
  public static Scope use(KernelMode mode) {
    KernelMode previous = CURRENT.get();
    CURRENT.set(mode);
    return () -> CURRENT.set(previous);
  }

  /** Restores the previous mode on close. */
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
