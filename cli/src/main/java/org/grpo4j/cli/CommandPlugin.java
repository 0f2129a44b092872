package org.grpo4j.cli;

/**
 * A subcommand that lives outside this module (found through {@link java.util.ServiceLoader}), so that heavy
 * dependencies such as Spark stay on the class path only of the commands that need them.
 */
public interface CommandPlugin {
  /** The subcommand's name on the command line ({@code sweep}). */
  String name();

  /** A new picocli command object (annotated with {@code @Command}). */
  Object command();
}
