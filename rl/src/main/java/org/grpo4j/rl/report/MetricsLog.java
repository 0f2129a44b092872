package org.grpo4j.rl.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Streams one JSON object per line to {@code <file>.partial}; {@link #close()} moves it to {@code file} atomically,
 * so a finished metrics file is never half-written and an interrupted run leaves only the .partial file.
 */
public final class MetricsLog implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path target;
  private final Path partial;
  private final BufferedWriter out;
  private boolean closed;

  /** Opens {@code file.partial} for writing (creating parent directories). */
  public MetricsLog(Path file) {
    this.target = file;
    this.partial = file.resolveSibling(file.getFileName() + ".partial");
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      this.out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open metrics file " + partial, e);
    }
  }

  /** Appends one record (values: numbers, strings, booleans, nested maps) and flushes. */
  public void write(Map<String, ?> record) {
    try {
      out.write(JSON.writeValueAsString(record));
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write metrics to " + partial, e);
    }
  }

  /** The final path of the metrics file. */
  public Path path() {
    return target;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      out.close();
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot finish metrics file " + target, e);
    }
  }
}
