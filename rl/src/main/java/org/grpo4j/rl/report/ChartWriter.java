package org.grpo4j.rl.report;

import java.nio.file.Path;

/** Renders a {@link Chart} to an image file; the CLI's writes PNGs, {@link #NONE} writes nothing. */
@FunctionalInterface
public interface ChartWriter {
  /** A writer that draws nothing (for library use and tests that check the data, not the pictures). */
  ChartWriter NONE = (file, chart) -> {};

  /** Writes {@code chart} to {@code file} (replacing it as one unit). */
  void write(Path file, Chart chart);
}
