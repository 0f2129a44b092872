package org.grpo4j.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The MLP problem as an ND4J SameDiff graph (the peer autodiff framework on the JVM). */
public final class SameDiffMlp implements Workload {
  private final SameDiff sd = SameDiff.create();
  private final MlpProblem p;
  private final List<String> names = new ArrayList<>();
  private Map<String, INDArray> grads = Map.of();

  /** Builds the graph once. */
  public SameDiffMlp(MlpProblem p) {
    this.p = p;
    p.params().forEach((k, v) -> {
      sd.var(k, v);
      names.add(k);
    });
    SDVariable x = sd.placeHolder("x", p.x().dataType(), p.batch(), p.in());
    SDVariable t = sd.placeHolder("t", p.x().dataType(), p.batch(), p.out());
    SDVariable h = sd.math.tanh(x.mmul(sd.getVariable("w1")).add(sd.getVariable("b1")));
    SDVariable y = h.mmul(sd.getVariable("w2")).add(sd.getVariable("b2"));
    SDVariable d = y.sub(t);
    SDVariable loss = d.mul(d).mean();
    loss.rename("loss");
    sd.setLossVariables("loss");
  }

  @Override
  public double step() {
    Map<String, INDArray> in = Map.of("x", p.x(), "t", p.target());
    var res = sd.calculateGradientsAndOutputs(in, List.of("loss"), names);
    grads = new LinkedHashMap<>();
    for (String n : names) {
      grads.put(n, res.getGradients().get(n));
    }
    return res.getOutputs().get("loss").getDouble(0);
  }

  @Override
  public Map<String, INDArray> gradients() {
    return grads;
  }
}
