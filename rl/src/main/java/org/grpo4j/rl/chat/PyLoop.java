package org.grpo4j.rl.chat;

import com.hubspot.jinjava.util.ForLoop;
import java.util.List;

/** Jinjava's {@code loop} variable over a materialized list, with Jinja2's {@code previtem} and {@code nextitem}. */
public final class PyLoop extends ForLoop {

  private final List<?> items;

  PyLoop(List<?> items) {
    super(items.iterator(), items.size());
    this.items = items;
  }

  /** The item before the current one (undefined, so empty, on the first). */
  public Object getPrevitem() {
    int i = getIndex0();
    return i > 0 && i <= items.size() ? items.get(i - 1) : null;
  }

  /** The item after the current one (undefined, so empty, on the last). */
  public Object getNextitem() {
    int i = getIndex0();
    return i + 1 < items.size() ? items.get(i + 1) : null;
  }
}
