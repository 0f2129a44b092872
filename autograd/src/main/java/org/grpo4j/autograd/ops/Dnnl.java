package org.grpo4j.autograd.ops;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCRATCHPAD;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.grpo4j.autograd.AimedPointer;
import org.slf4j.LoggerFactory;

/**
 * oneDNN on the CPU, shared by the kernels that call it ({@link PackedGemm}, {@link DnnlGemm}, {@link DnnlLayerNorm},
 * {@link DnnlSoftmax}, {@link DnnlAttention}): its engine (null where the library does not load: callers keep their
 * other path), each thread's stream, {@link Call}, a primitive with each thread's memory objects re-aimed at the
 * operands before every single-threaded call (the callers cut work into pieces on
 * {@link org.grpo4j.autograd.Parallel}'s pool), the bounded {@link Cache} of primitives by shape, and per-thread
 * native blocks ({@link ThreadFloats}).
 */
final class Dnnl {
  private Dnnl() {}

  /** oneDNN's CPU engine, or null where its library does not load. */
  static final engine ENGINE = load();

  /**
   * False with {@code -Dgrpo4j.dnnl=false}: products stay on OpenBLAS ({@link DnnlGemm}), layer norm and softmax on
   * their Java kernels ({@link DnnlLayerNorm}, {@link DnnlSoftmax}); weights packed for rollouts are switched apart
   * ({@link PackedWeights}).
   */
  static final boolean KERNELS = ENGINE != null && !"false".equals(System.getProperty("grpo4j.dnnl"));

  private static final ThreadLocal<stream> STREAMS = ThreadLocal.withInitial(() -> new stream(ENGINE));
  private static final ThreadLocal<AimedPointer> AIM = ThreadLocal.withInitial(AimedPointer::new);

  /** This thread's stream (calls on it run on this thread and are waited for). */
  static stream stream() {
    return STREAMS.get();
  }

  /** This thread's owning-nothing pointer aimed at {@code address}, for a memory object's data handle. */
  static Pointer aim(long address) {
    return AIM.get().at(address);
  }

  private static engine load() {
    try {
      return new engine(engine.kind.cpu, 0);
    } catch (Throwable e) { // UnsatisfiedLinkError, NoClassDefFoundError: callers stay on their other path
      LoggerFactory.getLogger(Dnnl.class).warn("oneDNN unavailable, its kernels stay off: {}", e.toString());
      return null;
    }
  }

  /**
   * A primitive whose arguments are plain memory at addresses given per call. Built once per shape (primitives
   * are shared by threads; their scratchpads are each thread's own, {@code scratchpad_mode::user}); each thread
   * binds its own memory objects on first use.
   */
  static final class Call {
    private final primitive prim;
    private final int[] ids;
    private final memory.desc[] descs;
    private final memory.desc scratch;
    private final ThreadLocal<Bound> bound = ThreadLocal.withInitial(() -> new Bound(this));

    /** prim over arguments {@code ids[i]} of layout {@code descs[i]}; {@code scratch} its scratchpad's layout. */
    Call(primitive prim, int[] ids, memory.desc[] descs, memory.desc scratch) {
      this.prim = prim;
      this.ids = ids.clone();
      this.descs = descs.clone();
      this.scratch = scratch;
    }

    /** Runs the primitive on this thread with argument i at byte address {@code addresses[i]}. */
    void run(long... addresses) {
      Bound b = bound.get();
      for (int i = 0; i < addresses.length; i++) {
        b.memories[i].set_data_handle(aim(addresses[i]));
      }
      stream s = stream();
      prim.execute(s, b.args);
      s._wait();
    }

    /** One thread's memory objects for a {@link Call}. */
    private static final class Bound {
      final memory[] memories;
      final IntMemoryMap args = new IntMemoryMap();

      Bound(Call c) {
        memories = new memory[c.ids.length];
        for (int i = 0; i < memories.length; i++) {
          memories[i] = new memory(c.descs[i], ENGINE, aim(0));
          args.put(c.ids[i], memories[i]);
        }
        if (c.scratch.get_size() > 0) {
          args.put(DNNL_ARG_SCRATCHPAD, new memory(c.scratch, ENGINE));
        }
      }
    }
  }

  /**
   * Values built per key (primitives, masks), shared by threads; emptied when it holds {@code bound} keys, since an
   * RL loop's changing lengths keep adding shapes (dropped values are freed once no call holds them).
   */
  static final class Cache<K, V> {
    private final Map<K, V> values = new ConcurrentHashMap<>();
    private final int bound;
    private final Function<K, V> build;

    Cache(int bound, Function<K, V> build) {
      this.bound = bound;
      this.build = build;
    }

    /** The value for key, built on first use. */
    V get(K key) {
      V v = values.get(key);
      if (v == null) {
        if (values.size() >= bound) {
          values.clear();
        }
        v = values.computeIfAbsent(key, build);
      }
      return v;
    }
  }

  /** A native float block per thread, grown on demand and never shrunk. */
  static final class ThreadFloats {
    private final ThreadLocal<FloatPointer> block = new ThreadLocal<>();

    /** This thread's block of at least {@code n} floats. */
    FloatPointer get(long n) {
      FloatPointer b = block.get();
      if (b == null || b.capacity() < n) {
        if (b != null) {
          b.close();
        }
        b = new FloatPointer(n);
        block.set(b);
      }
      return b;
    }
  }

  /**
   * Each thread's dense output block for a tile of columns, and the row copies out of it into the product (oneDNN
   * 2.5's brgemm writes dense outputs only: a strided destination falls to its reference loops).
   */
  static final class Scratch {
    private static final ThreadFloats BLOCK = new ThreadFloats();
    private static final ThreadLocal<AimedPointer> TO = ThreadLocal.withInitial(AimedPointer::new);

    private Scratch() {}

    /** The thread's block of at least {@code n} floats (grown, never shrunk). */
    static Pointer floats(long n) {
      return BLOCK.get(n);
    }

    /** Copies rows of {@code width} floats at byte address {@code from} into rows {@code ldc} floats apart at to. */
    static void copyRows(long from, long to, int rows, int width, int ldc) {
      AimedPointer dst = TO.get();
      for (int r = 0; r < rows; r++) {
        Pointer.memcpy(dst.at(to + 4L * r * ldc), aim(from + 4L * r * width), 4L * width);
      }
    }
  }
}
