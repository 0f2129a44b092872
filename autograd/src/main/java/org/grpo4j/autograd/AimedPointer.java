package org.grpo4j.autograd;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * A float pointer that owns nothing, re-aimed at an address before each native call: one object per thread and use
 * instead of JavaCPP's five objects and JNI round trips per {@code new FloatPointer(buffer.addressPointer())}.
 */
public final class AimedPointer extends FloatPointer {
  /** A pointer aimed nowhere; it registers no deallocator. */
  public AimedPointer() {
    super((Pointer) null);
  }

  /** This pointer, aimed at byte address {@code addr} (position 0, no limit or capacity checks by JavaCPP). */
  public AimedPointer at(long addr) {
    address = addr;
    position = 0;
    limit = 0;
    capacity = 0;
    return this;
  }
}
