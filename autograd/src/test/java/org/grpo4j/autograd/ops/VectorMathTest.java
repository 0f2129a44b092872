package org.grpo4j.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The public float32 exp against Math.exp: 1e-6 relative from -87 to 88, exactly 0 below -88, bounds checked. */
class VectorMathTest {
  @Test
  void expMatchesMathExpWithinItsStatedError() {
    int n = 175_001;
    float[] a = new float[n + 2];
    for (int i = 0; i < n; i++) {
      a[i + 1] = -87f + i * 0.001f;
    }
    a[0] = 123f; // outside [from, to): untouched
    a[n + 1] = -90f;
    VectorMath.exp(a, 1, n + 2);
    assertEquals(123f, a[0]);
    for (int i = 0; i < n; i++) {
      double x = -87f + i * 0.001f;
      double want = Math.exp(x);
      assertTrue(Math.abs(a[i + 1] - want) <= 1e-6 * want, "exp(" + x + ") = " + a[i + 1] + ", want " + want);
    }
    assertEquals(0f, a[n + 1], "below -88 exp is exactly 0");
    IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> VectorMath.exp(a, 5, n + 3));
    assertTrue(e.getMessage().contains("[5, " + (n + 3) + ")"), e.getMessage());
  }
}
