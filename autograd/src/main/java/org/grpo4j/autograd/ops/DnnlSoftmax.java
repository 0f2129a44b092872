package org.grpo4j.autograd.ops;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;

import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.global.dnnl.scratchpad_mode;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.softmax_backward;
import org.bytedeco.dnnl.softmax_forward;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * The row softmax of one attention block (tq, tk) in float32 on oneDNN, in place in ND4J's buffer (the Java kernels
 * copy the block into a Java array and back), for {@link AttentionKernels}: the causal mask is an additive block of
 * 0 and -inf copied in before the score GEMMs accumulate onto it, so masked entries (computed or not) come out of
 * the softmax as exact zeros. One single-threaded call per block, on the calling thread. {@link CachedAttention}
 * takes it for a decode step's rows (one query per head: nothing masked).
 */
final class DnnlSoftmax {
  private DnnlSoftmax() {}

  /**
   * True when oneDNN's kernels are on, the mask leaves every query at least its own key (visible >= 0), and
   * oneDNN's softmax forward for (tq, tk) rows is jitted (on AVX2 and AVX-512 CPUs in oneDNN 2.5).
   */
  static boolean usable(int tq, int tk, int visible) {
    return shapeFits(tq, tk, visible) && primitives(tq, tk).fastForward;
  }

  /** {@link #usable} for the backward, which oneDNN 2.5 jits on AVX-512 only (elsewhere its reference loops). */
  static boolean usableBackward(int tq, int tk, int visible) {
    return shapeFits(tq, tk, visible) && primitives(tq, tk).fastBackward;
  }

  private static boolean shapeFits(int tq, int tk, int visible) {
    return Dnnl.KERNELS && tq >= 1 && tk >= 1 && visible >= 0 && (long) tq * tk <= Integer.MAX_VALUE;
  }

  /** True when the mask hides some key from some query: the block must start as {@link #mask}. */
  static boolean masks(int tk, int visible) {
    return visible < tk - 1;
  }

  /**
   * Writes the additive mask of (tq, tk, visible) into the block at byte address {@code block}: 0 where query i sees
   * key j (j < i + 1 + visible), -inf elsewhere.
   */
  static void mask(long block, int tq, int tk, int visible) {
    Pointer.memcpy(Dnnl.aim(block), template(tq, tk, visible), 4L * tq * tk);
  }

  /** Zeroes the (tq, tk) block at byte address {@code block}. */
  static void zero(long block, int tq, int tk) {
    Pointer.memset(Dnnl.aim(block), 0, 4L * tq * tk);
  }

  /** Softmax of each row of the block at {@code block}, in place. */
  static void forward(long block, int tq, int tk) {
    primitives(tq, tk).forward.run(block, block);
  }

  /** Softmax of each row of the (tq, tk) block at byte address {@code src} into the block at {@code dst}. */
  static void forwardInto(long src, long dst, int tq, int tk) {
    primitives(tq, tk).forward.run(src, dst);
  }

  /** ds = p (ds - rowsum(ds p)) in place in the block at {@code ds}, from the forward's p. */
  static void backward(long p, long ds, int tq, int tk) {
    primitives(tq, tk).backward.run(p, ds, ds);
  }

  private record Primitives(Dnnl.Call forward, Dnnl.Call backward, boolean fastForward, boolean fastBackward) {}

  private record Shape(int tq, int tk, int visible) {}

  /**
   * Distinct shapes beyond which a cache is emptied (dropped entries are freed once no call holds them): a decode
   * adds one per key count it reaches, so this holds a context of 1,024 and the training shapes beside it.
   */
  private static final int MAX_ENTRIES = 1536;

  private static final Dnnl.Cache<Shape, Primitives> PRIMITIVES =
      new Dnnl.Cache<>(MAX_ENTRIES, k -> build(k.tq(), k.tk()));
  private static final Dnnl.Cache<Shape, FloatPointer> TEMPLATES =
      new Dnnl.Cache<>(MAX_ENTRIES, DnnlSoftmax::buildTemplate);

  private static Primitives primitives(int tq, int tk) {
    return PRIMITIVES.get(new Shape(tq, tk, 0));
  }

  private static FloatPointer template(int tq, int tk, int visible) {
    return TEMPLATES.get(new Shape(tq, tk, visible));
  }

  /** The additive mask of s: 0 where query i sees key j (j < i + 1 + visible), -inf elsewhere. */
  private static FloatPointer buildTemplate(Shape s) {
    float[] m = new float[s.tq() * s.tk()];
    for (int i = 0; i < s.tq(); i++) {
      for (int j = Math.min(s.tk(), i + 1 + s.visible()); j < s.tk(); j++) {
        m[i * s.tk() + j] = Float.NEGATIVE_INFINITY;
      }
    }
    return new FloatPointer(m);
  }

  private static Primitives build(int tq, int tk) {
    memory.desc d = new memory.desc(new long[] {tq, tk}, memory.data_type.f32, memory.format_tag.ab);
    primitive_attr attr = new primitive_attr();
    attr.set_scratchpad_mode(scratchpad_mode.user);
    softmax_forward.primitive_desc fpd = new softmax_forward.primitive_desc(
        new softmax_forward.desc(prop_kind.forward_training, d, 1), attr, Dnnl.ENGINE);
    softmax_backward.primitive_desc bpd = new softmax_backward.primitive_desc(new softmax_backward.desc(d, d, 1),
        attr, Dnnl.ENGINE, fpd);
    return new Primitives(
        new Dnnl.Call(new softmax_forward(fpd), new int[] {DNNL_ARG_SRC, DNNL_ARG_DST}, new memory.desc[] {d, d},
            fpd.scratchpad_desc()),
        new Dnnl.Call(new softmax_backward(bpd), new int[] {DNNL_ARG_DST, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_SRC},
            new memory.desc[] {d, d, d}, bpd.scratchpad_desc()),
        fpd.impl_info_str().getString().startsWith("jit"), bpd.impl_info_str().getString().startsWith("jit"));
  }
}
