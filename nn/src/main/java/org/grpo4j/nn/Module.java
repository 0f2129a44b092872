package org.grpo4j.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.grpo4j.autograd.Nd;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A building block of a model: parameters and child modules registered explicitly, in insertion order, under
 * dotted names ({@code h.0.attn.c_attn.weight}); no reflection. Modes ({@link Mode}) are switched through
 * scopes: {@code try (var s = model.mode(Mode.EVAL)) { ... }}.
 */
public abstract class Module {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]+");

  /** Parameters and children together, in registration order. */
  private final LinkedHashMap<String, Object> entries = new LinkedHashMap<>();
  private final LinkedHashMap<String, Module> children = new LinkedHashMap<>();
  private Mode mode = Mode.TRAIN;

  /** Registers a parameter holding {@code data} under {@code name} (a single name segment, no dots). */
  protected final Parameter registerParameter(String name, INDArray data) {
    checkName(name);
    Parameter p = new Parameter(data);
    entries.put(name, p);
    return p;
  }

  /** Registers {@code child} under {@code name} (a single name segment, no dots) and returns it. */
  protected final <M extends Module> M registerModule(String name, M child) {
    checkName(name);
    if (child == this) {
      throw new IllegalArgumentException("module '" + name + "' cannot be registered as its own child");
    }
    children.put(name, child);
    entries.put(name, child);
    return child;
  }

  private void checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid parameter or module name '" + name
          + "' (expected letters, digits or '_', without dots)");
    }
    if (entries.containsKey(name)) {
      throw new IllegalArgumentException("name '" + name + "' is already registered in " + getClass().getSimpleName());
    }
  }

  /** All parameters of this module and its descendants, in registration order, keyed by dotted name. */
  public final LinkedHashMap<String, Parameter> namedParameters() {
    LinkedHashMap<String, Parameter> out = new LinkedHashMap<>();
    collect("", out);
    return out;
  }

  private void collect(String prefix, LinkedHashMap<String, Parameter> out) {
    entries.forEach((n, e) -> {
      if (e instanceof Parameter p) {
        out.put(prefix + n, p);
      } else {
        ((Module) e).collect(prefix + n + ".", out);
      }
    });
  }

  /** All parameters in registration order. */
  public final List<Parameter> parameters() {
    return new ArrayList<>(namedParameters().values());
  }

  /** The direct children, in registration order. */
  public final Map<String, Module> children() {
    return Collections.unmodifiableMap(children);
  }

  /** This module and all its descendants, depth first. */
  public final List<Module> modules() {
    List<Module> out = new ArrayList<>();
    out.add(this);
    for (Module c : children.values()) {
      out.addAll(c.modules());
    }
    return out;
  }

  /** Total number of parameter elements. */
  public final long parameterCount() {
    long n = 0;
    for (Parameter p : namedParameters().values()) {
      n += p.length();
    }
    return n;
  }

  /** The current mode of this module. */
  public final Mode mode() {
    return mode;
  }

  /** True in {@link Mode#TRAIN}. */
  public final boolean isTraining() {
    return mode == Mode.TRAIN;
  }

  /** Puts this module and its descendants in {@code mode} until the returned scope is closed. */
  public final ModeScope mode(Mode newMode) {
    List<Module> all = modules();
    List<Mode> previous = new ArrayList<>(all.size());
    for (Module m : all) {
      previous.add(m.mode);
      m.mode = newMode;
    }
    return new ModeScope(all, previous);
  }

  /** Shorthand for {@code mode(Mode.EVAL)}. */
  public final ModeScope eval() {
    return mode(Mode.EVAL);
  }

  /** Shorthand for {@code mode(Mode.TRAIN)}. */
  public final ModeScope train() {
    return mode(Mode.TRAIN);
  }

  final void setModeLocal(Mode m) {
    mode = m;
  }

  /** Clears every parameter's gradient. */
  public final void zeroGrad() {
    for (Parameter p : namedParameters().values()) {
      p.zeroGrad();
    }
  }

  /** The parameter values by dotted name (the arrays themselves, not copies). */
  public final LinkedHashMap<String, INDArray> stateDict() {
    LinkedHashMap<String, INDArray> out = new LinkedHashMap<>();
    namedParameters().forEach((n, p) -> out.put(n, p.data()));
    return out;
  }

  /**
   * Every difference between {@code state} and this module's parameters: missing and unexpected names, shapes and
   * dtypes that differ (empty when {@code state} can be loaded).
   */
  public final List<String> stateDictProblems(Map<String, INDArray> state) {
    LinkedHashMap<String, Parameter> mine = namedParameters();
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Parameter> e : mine.entrySet()) {
      INDArray v = state.get(e.getKey());
      Parameter p = e.getValue();
      if (v == null) {
        problems.add("missing tensor '" + e.getKey() + "' (expected shape " + Nd.shape(p.shape()) + " " + p.dtype()
            + ")");
      } else if (!Arrays.equals(v.shape(), p.shape())) {
        problems.add("tensor '" + e.getKey() + "' has shape " + Nd.shape(v) + ", expected " + Nd.shape(p.shape()));
      } else if (v.dataType() != p.dtype()) {
        problems.add("tensor '" + e.getKey() + "' has dtype " + v.dataType() + ", expected " + p.dtype());
      }
    }
    for (String k : state.keySet()) {
      if (!mine.containsKey(k)) {
        problems.add("unexpected tensor '" + k + "' (no such parameter)");
      }
    }
    return problems;
  }

  /**
   * Copies {@code state} into the parameters in place after checking that names, shapes and dtypes all match;
   * on any difference throws {@link StateMismatchException} listing every difference and changes nothing.
   */
  public final void loadStateDict(Map<String, INDArray> state) {
    List<String> problems = stateDictProblems(state);
    if (!problems.isEmpty()) {
      throw new StateMismatchException(problems);
    }
    namedParameters().forEach((n, p) -> p.data().assign(state.get(n)));
  }
}
