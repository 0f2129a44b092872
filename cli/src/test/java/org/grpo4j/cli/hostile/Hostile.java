package org.grpo4j.cli.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.grpo4j.cli.Grpo4jCli;
import org.junit.jupiter.api.DynamicTest;

/**
 * A hostile input and what must happen: the exit code, exactly one line on standard error that names the bad value,
 * no stack trace, at most 60 s, and every file under the watched directory byte-identical afterwards (none added).
 */
record Hostile(String name, int exit, String names, String... args) {
  static final Duration LIMIT = Duration.ofSeconds(60);

  /** A case that must fail (exit 1) naming {@code names}. */
  static Hostile fails(String name, String names, String... args) {
    return new Hostile(name, 1, names, args);
  }

  /** A case of bad usage (exit 2) naming {@code names}. */
  static Hostile usage(String name, String names, String... args) {
    return new Hostile(name, 2, names, args);
  }

  /** This case as a dynamic test watching {@code watched}. */
  DynamicTest test(Path watched) {
    return DynamicTest.dynamicTest(name + ": " + String.join(" ", args), () -> check(watched));
  }

  /** Cases as dynamic tests watching {@code watched}. */
  static Stream<DynamicTest> all(Path watched, Hostile... cases) {
    return Stream.of(cases).map(c -> c.test(watched));
  }

  void check(Path watched) {
    Map<String, String> before = snapshot(watched);
    Run r = assertTimeoutPreemptively(LIMIT, () -> run(args));
    String context = "exit " + r.exit + ", stderr:\n" + r.err + "\nstdout:\n" + r.out;
    assertEquals(exit, r.exit, context);
    String[] lines = r.err.strip().split("\n");
    assertEquals(1, lines.length, "exactly one line on standard error: " + context);
    assertTrue(lines[0].startsWith("error: "), context);
    assertTrue(lines[0].contains(names), "the message names '" + names + "': " + context);
    assertFalse(r.err.contains("\tat ") || r.err.contains("Exception in thread"), "no stack trace: " + context);
    assertFalse(lines[0].matches(".*[A-Za-z]+(Exception|Error)\\b.*"), "no exception class name: " + context);
    assertEquals(before, snapshot(watched), "files under " + watched + " are unchanged");
  }

  record Run(int exit, String out, String err) {}

  /** Runs the real entry point with empty standard input and captured output. */
  static synchronized Run run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    InputStream oldIn = System.in;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      System.setIn(new ByteArrayInputStream(new byte[0]));
      int exit = Grpo4jCli.execute(args);
      return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
      System.setIn(oldIn);
    }
  }

  /** Relative path -> length and CRC-32 of every file (and "dir" for every directory) under {@code root}. */
  static Map<String, String> snapshot(Path root) {
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        String key = root.relativize(p).toString();
        if (Files.isDirectory(p)) {
          m.put(key, "dir");
        } else {
          CRC32 crc = new CRC32();
          try (InputStream in = Files.newInputStream(p)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
              crc.update(buf, 0, n);
            }
          }
          m.put(key, Files.size(p) + ":" + crc.getValue());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return m;
  }
}
