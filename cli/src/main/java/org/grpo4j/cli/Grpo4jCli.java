package org.grpo4j.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import org.grpo4j.cli.check.ErrorText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Entry point of the {@code grpo4j} command-line tool; each capability adds a subcommand here. Every error ends in
 * one line on standard error ({@code error: ...}) and exit 1 (a failure) or 2 (bad usage); {@code --debug}, accepted
 * by every command, adds the stack trace.
 */
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
  /** Exit code of a failure. */
  public static final int FAILURE = 1;
  /** Exit code of bad usage. */
  public static final int USAGE = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--debug", scope = ScopeType.INHERIT,
      description = "print the stack trace of an error (for reporting bugs)")
  boolean debug;

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
    boolean debug = Arrays.asList(args).contains("--debug");
    try {
      CommandLine cl = new CommandLine(new Grpo4jCli()).setCaseInsensitiveEnumValuesAllowed(true);
      cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
        if (ex instanceof CommandLine.ParameterException pe) {
          return usage(pe, debug);
        }
        return failure(cmd.getErr(), ex, debug);
      });
      cl.setParameterExceptionHandler((ex, a) -> usage(ex, debug));
      try {
        ConfigFileDefaults.install(cl, args);
      } catch (CommandLine.ParameterException e) {
        return usage(e, debug);
      }
      // Plug-in commands (the sweep module's `sweep`) join after the --config defaults: they read their own files.
      for (CommandPlugin p : java.util.ServiceLoader.load(CommandPlugin.class)) {
        cl.addSubcommand(p.name(), new CommandLine(p.command()).setCaseInsensitiveEnumValuesAllowed(true));
      }
      return cl.execute(args);
    } catch (RuntimeException | Error e) { // an Error thrown by a command (out of memory, say) passes picocli
      return failure(new PrintWriter(System.err, true), e, debug);
    }
  }

  private static int usage(CommandLine.ParameterException ex, boolean debug) {
    PrintWriter err = ex.getCommandLine().getErr();
    if (debug) {
      ex.printStackTrace(err);
    }
    err.println("error: " + ErrorText.of(ex) + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName()
        + " --help')");
    err.flush();
    return USAGE;
  }

  private static int failure(PrintWriter err, Throwable ex, boolean debug) {
    if (debug) {
      ex.printStackTrace(err);
    }
    err.println("error: " + ErrorText.of(ex));
    err.flush();
    return FAILURE;
  }
}
