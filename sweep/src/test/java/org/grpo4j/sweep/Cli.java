package org.grpo4j.sweep;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.grpo4j.cli.Grpo4jCli;

/** Runs {@code grpo4j} in this JVM and captures its exit code and output; tiny sweep configs. */
final class Cli {
  /** A tiny train run: one layer, width 32, 3 SFT steps, 20 held-out problems, evaluated every step. */
  static final String TINY_BASE = "{\"n-layer\": 1, \"n-embd\": 32, \"n-head\": 2, \"sft-steps\": 3, "
      + "\"max-steps\": 2, \"prompts-per-step\": 4, \"group-size\": 4, \"task-held-out\": 20, \"eval-every\": 1, "
      + "\"save-every\": 0, \"max-new-tokens\": 8, \"completions-logged\": 1}";

  /** Exit code, standard error and standard output of one call. */
  record Result(int code, String err, String out) {}

  private Cli() {}

  static synchronized Result run(String... args) {
    PrintStream old = System.err;
    PrintStream oldOut = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      int code = Grpo4jCli.execute(args);
      System.out.flush();
      return new Result(code, buf.toString(StandardCharsets.UTF_8), out.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(old);
      System.setOut(oldOut);
    }
  }

  static Path config(Path dir, String name, String json) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, json);
    return f;
  }

  /** The last line of {@code err} that starts with "error: ". */
  static String errorLine(String err) {
    String found = null;
    for (String line : err.split("\n")) {
      if (line.startsWith("error: ")) {
        found = line;
      }
    }
    return found;
  }
}
