package org.grpo4j.cli.verify;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.grpo4j.cli.check.Utf8LineReader;
import org.grpo4j.rl.task.math.MathVerifier;
import org.grpo4j.rl.task.math.MathVerifyJsonl;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code grpo4j verify math}: the math verifier on JSONL records, or on one completion read from standard input. */
@Command(name = "math", mixinStandardHelpOptions = true,
    description = {"Verifies math answers exactly (rationals, no tolerance). With --jsonl FILE (or - for standard "
        + "input) each line {\"completion\", \"gold\"} gives one line {\"reward\", \"extracted\", \"status\"}; with "
        + "--gold TEXT the completion is read from standard input.",
        "Status: correct, wrong, no_answer or unparseable_gold. Exit 0 when every line was read, 1 on a malformed "
        + "line or one that is not valid UTF-8 (named with its number)."})
public final class VerifyMathCommand implements Callable<Integer> {
  /** Longest completion read from standard input with --gold, in characters. */
  static final int MAX_STDIN_CHARS = MathVerifyJsonl.MAX_LINE_CHARS;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
  Input input;

  static final class Input {
    @Option(names = "--jsonl", paramLabel = "FILE", description = "JSONL records {\"completion\", \"gold\"}; - reads "
        + "standard input")
    String jsonl;

    @Option(names = "--gold", paramLabel = "TEXT", description = "the gold answer; the completion comes from "
        + "standard input")
    String gold;
  }

  @Override
  public Integer call() throws IOException {
    Writer out = new OutputStreamWriter(System.out, StandardCharsets.UTF_8);
    try {
      if (input.gold != null) {
        String completion = readBounded(new Utf8LineReader(System.in, "standard input"));
        out.write(MathVerifyJsonl.toJson(MathVerifier.verify(completion, input.gold)));
        out.write('\n');
        return 0;
      }
      if (input.jsonl.equals("-")) {
        MathVerifyJsonl.process(new Utf8LineReader(System.in, "standard input"), out, "standard input");
        return 0;
      }
      Path file = Path.of(input.jsonl);
      if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
        throw new IllegalArgumentException("--jsonl " + file + " is not a readable file");
      }
      try (Reader in = new Utf8LineReader(Files.newInputStream(file), "--jsonl " + file)) {
        MathVerifyJsonl.process(in, out, file.toString());
      }
      return 0;
    } finally {
      out.flush(); // the results of the lines before a bad one are written
    }
  }

  private static String readBounded(Reader in) throws IOException {
    StringBuilder sb = new StringBuilder();
    char[] buf = new char[8192];
    for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
      sb.append(buf, 0, n);
      if (sb.length() > MAX_STDIN_CHARS) {
        throw new IllegalArgumentException("the completion on standard input is longer than " + MAX_STDIN_CHARS
            + " characters");
      }
    }
    return sb.toString();
  }
}
