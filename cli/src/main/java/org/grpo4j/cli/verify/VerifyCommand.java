package org.grpo4j.cli.verify;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code grpo4j verify}: runs a task's verifier on completions, one JSON result per line. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Verifies completions with a task's verifier and prints one JSON object per input.",
    subcommands = {VerifyMathCommand.class, VerifyCodeCommand.class})
public final class VerifyCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "verify needs a task: math or code");
  }
}
