package org.grpo4j.rl.exact;

import java.util.Locale;

/** A measured value with a 95% interval [low, high] (infinite bounds when too few samples give none). */
public record Interval(double value, double low, double high) {
  /** Checks low <= value <= high, none of them NaN. */
  public Interval {
    if (Double.isNaN(value) || Double.isNaN(low) || Double.isNaN(high) || !(low <= value && value <= high)) {
      throw new IllegalArgumentException("interval: expected low <= value <= high, got value " + value + " in ["
          + low + ", " + high + "]");
    }
  }

  /** A value known exactly (the interval is the point). */
  public static Interval exact(double value) {
    return new Interval(value, value, value);
  }

  /** Whether x lies in [low, high]. */
  public boolean contains(double x) {
    return low <= x && x <= high;
  }

  /** "value [low, high]" with {@code digits} significant digits. */
  public String format(int digits) {
    String f = "%." + digits + "g";
    return String.format(Locale.ROOT, f + " [" + f + ", " + f + "]", value, low, high);
  }

  @Override
  public String toString() {
    return format(4);
  }
}
