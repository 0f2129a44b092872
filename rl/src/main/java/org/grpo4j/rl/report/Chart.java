package org.grpo4j.rl.report;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A line chart as data: title, axis labels, axis scaling and named series in drawing order. Library code describes
 * charts; a {@link ChartWriter} supplied by the application (the CLI draws PNGs) renders them.
 */
public record Chart(String title, String xLabel, String yLabel, Scale scale, Map<String, Series> series) {
  /** Copies the series, keeping their order. */
  public Chart {
    series = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(series));
  }

  /** Axis scaling of a chart. */
  public enum Scale {
    LINEAR,
    LOG_Y,
    LOG_XY
  }

  /** One named series of (x, y) points, optionally with a band [low, high] around y (null when none). */
  public record Series(double[] x, double[] y, double[] low, double[] high) {
    /** Checks the lengths agree. */
    public Series {
      if (x.length != y.length) {
        throw new IllegalArgumentException("series has " + x.length + " x values but " + y.length + " y values");
      }
      if ((low == null) != (high == null) || low != null && (low.length != x.length || high.length != x.length)) {
        throw new IllegalArgumentException("series band must have both bounds, " + x.length + " values each");
      }
    }

    /** A series without a band. */
    public Series(double[] x, double[] y) {
      this(x, y, null, null);
    }
  }
}
