package org.grpo4j.cli.verify;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.StringReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.grpo4j.cli.check.BoundedLines;
import org.grpo4j.cli.check.Bounds;
import org.grpo4j.rl.task.code.CodeVerifier;
import org.grpo4j.sandbox.Limits;
import org.grpo4j.sandbox.SandboxPool;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code grpo4j verify code}: runs JSONL programs against their tests in the sandbox, one JSON result per line. */
@Command(name = "code", mixinStandardHelpOptions = true,
    description = {"Runs JavaScript programs against their tests in the sandbox (worker processes with limits). Each "
        + "line of --jsonl FILE (or - for standard input) is {\"program\", ...tests} or {\"prompt\", \"completion\", "
        + "...tests}, the tests either {\"entry_point\", \"cases\": [{\"args\", \"expected\"}]} or {\"tests\": "
        + "\"JavaScript that throws on failure\"} (MultiPL-E), one of each pair, never both, and no empty tests; each "
        + "gives one line {\"reward\", \"status\", \"passed\", \"total\"}, in order.",
        "Status: passed, failed, syntax_error, runtime_error, timeout, instruction_limit, memory_limit, output_limit or "
        + "sandbox_error. Exit 0 when every line was run, 1 on a malformed line (named with its number; nothing runs)."})
public final class VerifyCodeCommand implements Callable<Integer> {
  /** Most programs in one input. */
  static final int MAX_PROGRAMS = 1_000_000;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--jsonl", required = true, paramLabel = "FILE", description = "JSONL programs with tests; - reads "
      + "standard input")
  String jsonl;

  @Option(names = "--time-ms", description = "wall-clock limit per program in ms (default ${DEFAULT-VALUE})")
  long timeMs = Limits.defaults().timeMillis();

  @Option(names = "--instructions", description = "interpreter instructions per program (default ${DEFAULT-VALUE})")
  long instructions = Limits.defaults().instructions();

  @Override
  public Integer call() throws IOException {
    Bounds.require("--time-ms", timeMs, 1, 600_000);
    Bounds.require("--instructions", instructions, Limits.OBSERVER_THRESHOLD, Long.MAX_VALUE);
    Limits limits = Limits.defaults().withTimeMillis(timeMs).withInstructions(instructions);
    String what;
    List<String> lines;
    if (jsonl.equals("-")) {
      what = "standard input";
      lines = BoundedLines.read(System.in, what, BoundedLines.MAX_LINE_BYTES, MAX_PROGRAMS);
    } else {
      Path file = Path.of(jsonl);
      if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
        throw new IllegalArgumentException("--jsonl " + file + " is not a readable file");
      }
      what = "--jsonl " + file;
      lines = BoundedLines.read(file, what, MAX_PROGRAMS);
    }
    Writer out = new OutputStreamWriter(System.out, StandardCharsets.UTF_8);
    try {
      CodeVerifier.verify(new StringReader(String.join("\n", lines)), out, SandboxPool.shared(), limits);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " " + e.getMessage(), e);
    }
    return 0;
  }
}
