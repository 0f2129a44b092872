package org.grpo4j.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.grpo4j.cli.Grpo4jCli;

/** Runs the real {@code grpo4j} entry point with standard output and error captured. */
public record CliRun(int exit, String out, String err) {
  /** Runs {@code args} with an empty standard input. */
  public static CliRun of(String... args) {
    return withInput("", args);
  }

  /** Runs {@code args} with {@code stdin} as standard input. */
  public static CliRun withInput(String stdin, String... args) {
    return withInput(stdin.getBytes(StandardCharsets.UTF_8), args);
  }

  /** Runs {@code args} with the bytes {@code stdin} (not necessarily UTF-8) as standard input. */
  public static synchronized CliRun withInput(byte[] stdin, String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    java.io.InputStream oldIn = System.in;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      System.setIn(new java.io.ByteArrayInputStream(stdin));
      int exit = Grpo4jCli.execute(args);
      System.out.flush();
      System.err.flush();
      return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
      System.setIn(oldIn);
    }
  }
}
