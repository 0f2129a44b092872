package org.grpo4j.sweep;

import org.grpo4j.cli.CommandPlugin;

/** Registers {@code grpo4j sweep} with the command-line tool when the sweep module is on the class path. */
public final class SweepPlugin implements CommandPlugin {
  @Override
  public String name() {
    return "sweep";
  }

  @Override
  public Object command() {
    return new SweepCommand();
  }
}
