package org.grpo4j.cli.check;

import java.util.Locale;

/** Range checks for size options, made before anything is sized by them: the message names option, value and range. */
public final class Bounds {
  private Bounds() {}

  /** {@code value} as an int, unless it is outside [{@code min}, {@code max}]. */
  public static int require(String option, long value, long min, long max) {
    if (value < min || value > max || value != (int) value) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "%s %d is out of range (expected %,d to %,d)",
          option, value, min, Math.min(max, Integer.MAX_VALUE)));
    }
    return (int) value;
  }

  /** {@code value}, unless it is NaN, infinite or outside [{@code min}, {@code max}]. */
  public static double require(String option, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "%s %s is out of range (expected %s to %s)",
          option, value, min, max));
    }
    return value;
  }
}
