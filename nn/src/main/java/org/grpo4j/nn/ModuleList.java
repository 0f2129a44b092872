package org.grpo4j.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/** An indexed list of child modules registered as {@code 0}, {@code 1}, ... (GPT-2's {@code h.0}, {@code h.1}). */
public final class ModuleList<M extends Module> extends Module implements Iterable<M> {
  private final List<M> items = new ArrayList<>();

  /** Appends {@code module} under the next index and returns it. */
  public M add(M module) {
    registerModule(Integer.toString(items.size()), module);
    items.add(module);
    return module;
  }

  /** The module at {@code index}. */
  public M get(int index) {
    if (index < 0 || index >= items.size()) {
      throw new IndexOutOfBoundsException("module index " + index + " is out of range for " + items.size()
          + " modules");
    }
    return items.get(index);
  }

  /** Number of modules. */
  public int size() {
    return items.size();
  }

  @Override
  public Iterator<M> iterator() {
    return Collections.unmodifiableList(items).iterator();
  }
}
