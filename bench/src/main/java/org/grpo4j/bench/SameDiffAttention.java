package org.grpo4j.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The attention problem as an ND4J SameDiff graph. */
public final class SameDiffAttention implements Workload {
  private final SameDiff sd = SameDiff.create();
  private final AttentionProblem p;
  private final List<String> names = new ArrayList<>();
  private Map<String, INDArray> grads = Map.of();

  /** Builds the graph once. */
  public SameDiffAttention(AttentionProblem p) {
    this.p = p;
    p.params().forEach((k, v) -> {
      sd.var(k, v);
      names.add(k);
    });
    int b = p.batch();
    int t = p.time();
    int nh = p.heads();
    int hs = p.headSize();
    SDVariable x = sd.placeHolder("x", p.x().dataType(), (long) b * t, p.channels());
    SDVariable[] h = new SDVariable[3];
    String[] n = {"q", "k", "v"};
    for (int i = 0; i < 3; i++) {
      SDVariable lin = x.mmul(sd.getVariable("w" + n[i])).add(sd.getVariable("b" + n[i]));
      h[i] = sd.reshape(sd.permute(sd.reshape(lin, b, t, nh, hs), 0, 2, 1, 3), (long) b * nh, t, hs);
    }
    double[] m = new double[t * t];
    for (int i = 0; i < t; i++) {
      for (int j = i + 1; j < t; j++) {
        m[i * t + j] = -1e30;
      }
    }
    SDVariable mask = sd.constant("mask", Nd4j.create(m, new long[] {t, t}, 'c').castTo(p.x().dataType()));
    SDVariable scores = sd.mmul(h[0], h[1], false, true, false).mul(1.0 / Math.sqrt(hs)).add(mask);
    SDVariable prob = sd.nn.softmax(scores, 2);
    SDVariable y = sd.mmul(prob, h[2]); // (B*nh, T, hs)
    SDVariable merged = sd.reshape(sd.permute(sd.reshape(y, b, nh, t, hs), 0, 2, 1, 3), (long) b * t, p.channels());
    SDVariable out = merged.mmul(sd.getVariable("wo")).add(sd.getVariable("bo"));
    SDVariable loss = out.mul(sd.constant("r", p.r())).sum();
    loss.rename("loss");
    sd.setLossVariables("loss");
  }

  @Override
  public double step() {
    var res = sd.calculateGradientsAndOutputs(Map.of("x", p.x()), List.of("loss"), names);
    grads = new LinkedHashMap<>();
    for (String name : names) {
      grads.put(name, res.getGradients().get(name));
    }
    return res.getOutputs().get("loss").getDouble(0);
  }

  @Override
  public Map<String, INDArray> gradients() {
    return grads;
  }
}
