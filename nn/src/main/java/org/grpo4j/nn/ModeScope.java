package org.grpo4j.nn;

import java.util.List;

/** Restores the modes that modules had before {@link Module#mode(Mode)} changed them; closing twice is harmless. */
public final class ModeScope implements AutoCloseable {
  private final List<Module> modules;
  private final List<Mode> previous;
  private boolean closed;

  ModeScope(List<Module> modules, List<Mode> previous) {
    this.modules = modules;
    this.previous = previous;
  }

  @Override
  public void close() {
    if (!closed) {
      for (int i = 0; i < modules.size(); i++) {
        modules.get(i).setModeLocal(previous.get(i));
      }
      closed = true;
    }
  }
}
