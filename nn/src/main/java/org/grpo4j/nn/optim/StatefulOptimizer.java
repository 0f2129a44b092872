package org.grpo4j.nn.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.grpo4j.autograd.Nd;
import org.grpo4j.nn.Parameter;
import org.grpo4j.nn.StateMismatchException;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Shared plumbing of the optimizers: groups, learning rate, step count and named per-parameter buffers. */
abstract class StatefulOptimizer implements Optimizer {
  private final OptimizerKind kind;
  private final List<ParamGroup> groups;
  /** Buffers by state name ("{param}.{buffer}"), preallocated as zeros like the parameter. */
  protected final LinkedHashMap<String, INDArray> buffers = new LinkedHashMap<>();
  private double lr;
  protected long step;

  StatefulOptimizer(OptimizerKind kind, List<ParamGroup> groups, double lr, String... bufferNames) {
    if (groups.isEmpty()) {
      throw new IllegalArgumentException(kind + ": no parameter groups");
    }
    LinkedHashMap<String, Parameter> all = new LinkedHashMap<>();
    for (ParamGroup g : groups) {
      all.putAll(g.params());
    }
    ParamGroups.requirePartition(all, groups);
    this.kind = kind;
    this.groups = List.copyOf(groups);
    setLearningRate(lr);
    for (Map.Entry<String, Parameter> e : all.entrySet()) {
      for (String b : bufferNames) {
        buffers.put(e.getKey() + "." + b, e.getValue().data().ulike());
      }
    }
  }

  /** The buffer {@code name} of parameter {@code param}. */
  protected final INDArray buffer(String param, String name) {
    return buffers.get(param + "." + name);
  }

  /** A 1-D view of a C-ordered array (BLAS level-1 calls want vectors). */
  protected static INDArray flat(INDArray x) {
    return x.rank() == 1 ? x : x.reshape(new long[] {x.length()});
  }

  @Override
  public final void zeroGrad() {
    for (ParamGroup g : groups) {
      g.params().values().forEach(Parameter::zeroGrad);
    }
  }

  @Override
  public final long steps() {
    return step;
  }

  @Override
  public final double learningRate() {
    return lr;
  }

  @Override
  public final void setLearningRate(double newLr) {
    if (!(newLr >= 0) || Double.isInfinite(newLr)) {
      throw new IllegalArgumentException(kind + ": learning rate " + newLr + " must be finite and >= 0");
    }
    lr = newLr;
  }

  @Override
  public final List<ParamGroup> groups() {
    return groups;
  }

  @Override
  public final OptimizerState state() {
    return new OptimizerState(kind, step, buffers);
  }

  @Override
  public final void loadState(OptimizerState state) {
    List<String> problems = stateProblems(state);
    if (!problems.isEmpty()) {
      throw new StateMismatchException(problems);
    }
    buffers.forEach((k, v) -> v.assign(state.tensors().get(k)));
    step = state.step();
  }

  @Override
  public final List<String> stateProblems(OptimizerState state) {
    List<String> problems = new ArrayList<>();
    if (state.kind() != kind) {
      problems.add("optimizer kind " + state.kind() + " does not match " + kind);
    }
    for (Map.Entry<String, INDArray> e : buffers.entrySet()) {
      INDArray v = state.tensors().get(e.getKey());
      if (v == null) {
        problems.add("missing optimizer tensor '" + e.getKey() + "'");
      } else if (!Arrays.equals(v.shape(), e.getValue().shape())) {
        problems.add("optimizer tensor '" + e.getKey() + "' has shape " + Nd.shape(v) + ", expected "
            + Nd.shape(e.getValue()));
      } else if (v.dataType() != e.getValue().dataType()) {
        problems.add("optimizer tensor '" + e.getKey() + "' has dtype " + v.dataType() + ", expected "
            + e.getValue().dataType());
      }
    }
    for (String k : state.tensors().keySet()) {
      if (!buffers.containsKey(k)) {
        problems.add("unexpected optimizer tensor '" + k + "'");
      }
    }
    return problems;
  }
}
