package org.grpo4j.nn;

/** A named group of child modules with no forward of its own (nanoGPT's {@code transformer = ModuleDict(...)}). */
public final class ModuleDict extends Module {
  /** Registers {@code module} under {@code name} and returns it. */
  public <M extends Module> M put(String name, M module) {
    return registerModule(name, module);
  }
}
