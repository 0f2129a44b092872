package org.grpo4j.rl.exact;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.grpo4j.nn.io.AtomicFiles;

/** What every experiment ends with: its CSV and markdown summary written atomically, the summary printed. */
final class ExperimentFiles {
  private ExperimentFiles() {}

  /** Writes {@code csvName} and summary.md into {@code out}, prints the summary and what was written. */
  static void write(Path out, String csvName, CharSequence csv, CharSequence summary, String plots, PrintStream log) {
    try {
      AtomicFiles.writeString(out.resolve(csvName), csv.toString());
      AtomicFiles.writeString(out.resolve("summary.md"), summary.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the experiment's results to " + out, e);
    }
    log.print(summary);
    log.println("wrote " + out.resolve(csvName) + ", " + out.resolve("summary.md") + " and " + plots);
  }

  /** Least-squares slope of log y against log x. */
  static double logLogSlope(double[] x, double[] y) {
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    for (int i = 0; i < x.length; i++) {
      double a = Math.log(x[i]);
      double b = Math.log(y[i]);
      sx += a;
      sy += b;
      sxx += a * a;
      sxy += a * b;
    }
    int n = x.length;
    return (n * sxy - sx * sy) / (n * sxx - sx * sx);
  }
}
