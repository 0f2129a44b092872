package org.grpo4j.rl.exact;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.grpo4j.nn.io.AtomicFiles;

/** What every experiment starts and ends with: refusing to overwrite results, then its files written atomically. */
public final class ExperimentFiles {
  private ExperimentFiles() {}

  /**
   * Fails, before any work, when {@code out} already holds one of {@code names} and {@code overwrite} is false;
   * names ending in '*' match by prefix (plots such as bias_T*.png).
   */
  public static void refuseOverwrite(Path out, boolean overwrite, List<String> names) {
    if (overwrite || !Files.isDirectory(out)) {
      return;
    }
    List<String> found = new ArrayList<>();
    try (var files = Files.list(out)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String f = p.getFileName().toString();
        for (String n : names) {
          boolean match = n.endsWith("*") ? f.startsWith(n.substring(0, n.length() - 1)) : f.equals(n);
          if (match) {
            found.add(f);
            break;
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + out, e);
    }
    if (!found.isEmpty()) {
      throw new IllegalArgumentException("output directory " + out + " already holds results " + found
          + "; choose another --out or pass --overwrite to replace them");
    }
  }

  /** Checks {@code value} lies in [min, max], naming the option and the expected range. */
  public static int bounded(String option, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(option + " " + value + " must be in [" + min + ", " + max + "]");
    }
    return value;
  }

  /** Writes {@code csvName} and summary.md into {@code out}, prints the summary and what was written. */
  static void write(Path out, String csvName, CharSequence csv, CharSequence summary, String plots, PrintStream log) {
    try {
      Files.createDirectories(out);
      AtomicFiles.writeString(out.resolve(csvName), csv.toString());
      AtomicFiles.writeString(out.resolve("summary.md"), summary.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the experiment's results to " + out, e);
    }
    log.print(summary);
    log.println("wrote " + out.resolve(csvName) + ", " + out.resolve("summary.md") + " and " + plots);
  }

  /** x as a double array. */
  static double[] doubles(int[] x) {
    return java.util.Arrays.stream(x).asDoubleStream().toArray();
  }

  /** Euclidean norm. */
  static double norm(double[] a) {
    double s = 0;
    for (double x : a) {
      s += x * x;
    }
    return Math.sqrt(s);
  }

  /** Euclidean distance. */
  static double distance(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return Math.sqrt(s);
  }

  /** v / |v|. */
  static double[] unit(double[] v) {
    double n = norm(v);
    double[] u = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      u[i] = v[i] / n;
    }
    return u;
  }
}
