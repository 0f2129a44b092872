package org.grpo4j.rl.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Headless PNG line charts (XChart), written atomically. */
public final class Plots {
  private Plots() {}

  /** Axis scaling of a chart. */
  public enum Scale {
    LINEAR,
    LOG_Y,
    LOG_XY
  }

  /** One named series of (x, y) points. */
  public record Series(double[] x, double[] y) {
    /** Checks the lengths agree. */
    public Series {
      if (x.length != y.length) {
        throw new IllegalArgumentException("series has " + x.length + " x values but " + y.length + " y values");
      }
    }
  }

  /** Writes a line chart of {@code series} (insertion order) to {@code png}. */
  public static void line(Path png, String title, String xLabel, String yLabel, Scale scale,
      Map<String, Series> series) {
    System.setProperty("java.awt.headless", "true");
    XYChart chart = new XYChartBuilder().width(900).height(560).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel)
        .build();
    chart.getStyler().setYAxisLogarithmic(scale != Scale.LINEAR);
    chart.getStyler().setXAxisLogarithmic(scale == Scale.LOG_XY);
    chart.getStyler().setMarkerSize(0);
    series.forEach((name, s) -> {
      XYSeries xy = chart.addSeries(name, s.x(), s.y());
      xy.setMarker(SeriesMarkers.NONE);
    });
    write(png, chart);
  }

  private static void write(Path png, XYChart chart) {
    try {
      Files.createDirectories(png.toAbsolutePath().getParent());
      Path tmp = png.resolveSibling(png.getFileName() + ".partial");
      Files.write(tmp, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
      Files.move(tmp, png, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write plot " + png, e);
    }
  }
}
