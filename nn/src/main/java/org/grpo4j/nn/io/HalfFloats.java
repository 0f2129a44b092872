package org.grpo4j.nn.io;

/** Exact widening of IEEE 754 binary16 and bfloat16 bit patterns to float (Java 17 has no Float.float16ToFloat). */
final class HalfFloats {
  private HalfFloats() {}

  /** The float equal to the binary16 value {@code bits}: signed zeros, subnormals, infinities and NaN payloads kept. */
  static float halfToFloat(short bits) {
    int h = bits & 0xffff;
    int sign = (h & 0x8000) << 16;
    int exponent = (h >>> 10) & 0x1f;
    int mantissa = h & 0x3ff;
    if (exponent == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
    }
    if (exponent == 0) {
      float magnitude = mantissa * 0x1p-24f;
      return sign == 0 ? magnitude : -magnitude;
    }
    return Float.intBitsToFloat(sign | ((exponent + 127 - 15) << 23) | (mantissa << 13));
  }

  /** The float equal to the bfloat16 value {@code bits} (the upper half of a float's bits). */
  static float bf16ToFloat(short bits) {
    return Float.intBitsToFloat((bits & 0xffff) << 16);
  }
}
