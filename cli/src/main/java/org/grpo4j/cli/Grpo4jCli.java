package org.grpo4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code grpo4j} command-line tool; each capability adds a subcommand here. */
@Command(name = "grpo4j", mixinStandardHelpOptions = true, version = "grpo4j 0.1.0",
    description = "GRPO-family RL fine-tuning of language models on the JVM.",
    subcommands = {
        CommandLine.HelpCommand.class,
        org.grpo4j.cli.train.TrainCommand.class,
        org.grpo4j.cli.verify.VerifyCommand.class,
        DemoCommand.class,
        ExperimentCommand.class,
        BenchCommand.class,
        org.grpo4j.cli.tokenizer.TokenizeCommand.class,
        org.grpo4j.cli.tokenizer.TokenizerCommand.class,
        org.grpo4j.cli.model.SampleCommand.class, org.grpo4j.cli.model.ScoreCommand.class, org.grpo4j.cli.model.SftCommand.class,
    })
public final class Grpo4jCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }

  /** Runs the tool and exits with its status code. */
  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the tool and returns its exit code (0 on success, 2 on bad usage, 1 on failure). */
  public static int execute(String... args) {
    CommandLine cl = new CommandLine(new Grpo4jCli()).setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
      cmd.getErr().println("error: " + ex.getMessage());
      return 1;
    });
    try {
      ConfigFileDefaults.install(cl, args);
    } catch (IllegalArgumentException e) {
      cl.getErr().println("error: " + e.getMessage());
      return 2;
    }
    return cl.execute(args);
  }
}
