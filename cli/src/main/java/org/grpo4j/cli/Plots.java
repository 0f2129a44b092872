package org.grpo4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.grpo4j.rl.report.Chart;
import org.grpo4j.rl.report.ChartWriter;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Headless PNG line charts (XChart) of {@link Chart}s, written atomically; bands are drawn as shaded areas. */
public final class Plots {
  /** The chart writer the commands hand to library code. */
  public static final ChartWriter PNG = Plots::write;

  private Plots() {}

  /** Writes a line chart of {@code series} (insertion order) to {@code png}. */
  public static void line(Path png, String title, String xLabel, String yLabel, Chart.Scale scale,
      Map<String, Chart.Series> series) {
    write(png, new Chart(title, xLabel, yLabel, scale, series));
  }

  /** Writes {@code chart} to {@code png}. */
  public static void write(Path png, Chart chart) {
    System.setProperty("java.awt.headless", "true");
    XYChart xy = new XYChartBuilder().width(900).height(560).title(chart.title()).xAxisTitle(chart.xLabel())
        .yAxisTitle(chart.yLabel()).build();
    xy.getStyler().setYAxisLogarithmic(chart.scale() != Chart.Scale.LINEAR);
    xy.getStyler().setXAxisLogarithmic(chart.scale() == Chart.Scale.LOG_XY);
    xy.getStyler().setMarkerSize(0);
    chart.series().forEach((name, s) -> {
      if (s.x().length == 0) {
        return; // XChart refuses empty series
      }
      if (s.low() != null) {
        XYSeries low = xy.addSeries(name + " (low)", s.x(), s.low());
        low.setMarker(SeriesMarkers.NONE).setShowInLegend(false);
        low.setLineStyle(new java.awt.BasicStroke(0.5f));
        XYSeries high = xy.addSeries(name + " (high)", s.x(), s.high());
        high.setMarker(SeriesMarkers.NONE).setShowInLegend(false);
        high.setLineStyle(new java.awt.BasicStroke(0.5f));
      }
      XYSeries line = xy.addSeries(name, s.x(), s.y());
      line.setMarker(SeriesMarkers.NONE);
    });
    try {
      Files.createDirectories(png.toAbsolutePath().getParent());
      Path tmp = png.resolveSibling(png.getFileName() + ".partial");
      Files.write(tmp, BitmapEncoder.getBitmapBytes(xy, BitmapEncoder.BitmapFormat.PNG));
      Files.move(tmp, png, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write plot " + png, e);
    }
  }
}
