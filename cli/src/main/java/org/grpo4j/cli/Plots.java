package org.grpo4j.cli;

import java.awt.BasicStroke;
import java.awt.Color;
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

  private static final Color[] PALETTE = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
    new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194),
    new Color(127, 127, 127), new Color(188, 189, 34), new Color(23, 190, 207)};

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
    xy.getStyler().setXAxisTickMarkSpacingHint(90); // fewer, readable iteration labels
    int index = 0;
    for (Map.Entry<String, Chart.Series> e : chart.series().entrySet()) {
      Chart.Series s = e.getValue();
      if (s.x().length == 0) {
        continue; // XChart refuses empty series
      }
      Color color = PALETTE[index++ % PALETTE.length];
      if (s.low() != null) { // the band: thin dashed lines in the series' colour, half transparent
        Color faint = new Color(color.getRed(), color.getGreen(), color.getBlue(), 120);
        for (double[] bound : new double[][] {s.low(), s.high()}) {
          XYSeries b = xy.addSeries(e.getKey() + (bound == s.low() ? " (low)" : " (high)"), s.x(), bound);
          b.setMarker(SeriesMarkers.NONE).setShowInLegend(false);
          b.setLineColor(faint);
          b.setLineStyle(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {4f, 3f},
              0f));
        }
      }
      XYSeries line = xy.addSeries(e.getKey(), s.x(), s.y());
      line.setMarker(SeriesMarkers.NONE);
      line.setLineColor(color);
      line.setLineStyle(new BasicStroke(2f));
    }
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
