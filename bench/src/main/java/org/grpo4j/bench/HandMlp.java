package org.grpo4j.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The MLP problem with hand-written ND4J forward and backward into preallocated buffers (the speed floor). */
public final class HandMlp implements Workload {
  private final MlpProblem p;
  private final INDArray h;
  private final INDArray y;
  private final INDArray dh;
  private final Map<String, INDArray> grads = new LinkedHashMap<>();

  /** Allocates every buffer once. */
  public HandMlp(MlpProblem p) {
    this.p = p;
    var dt = p.x().dataType();
    h = Nd4j.create(dt, p.batch(), p.hidden());
    y = Nd4j.create(dt, p.batch(), p.out());
    dh = Nd4j.create(dt, p.batch(), p.hidden());
    p.params().forEach((k, v) -> grads.put(k, v.ulike()));
  }

  @Override
  public double step() {
    Map<String, INDArray> w = p.params();
    Nd4j.gemm(p.x(), w.get("w1"), h, false, false, 1.0, 0.0);
    Transforms.tanh(h.addiRowVector(w.get("b1")), false); // h = tanh(x W1 + b1)
    Nd4j.gemm(h, w.get("w2"), y, false, false, 1.0, 0.0);
    y.addiRowVector(w.get("b2")).subi(p.target()); // y := y - t
    double n = y.length();
    double loss = Nd4j.getBlasWrapper().dot(y, y) / n;
    INDArray dy = y.muli(2.0 / n); // d mean((y - t)^2) / dy
    Nd4j.gemm(h, dy, grads.get("w2"), true, false, 1.0, 0.0);
    grads.get("b2").assign(dy.sum(0));
    Nd4j.gemm(dy, w.get("w2"), dh, false, true, 1.0, 0.0);
    dh.muli(h.muli(h).rsubi(1.0)); // tanh' = 1 - h^2
    Nd4j.gemm(p.x(), dh, grads.get("w1"), true, false, 1.0, 0.0);
    grads.get("b1").assign(dh.sum(0));
    return loss;
  }

  @Override
  public Map<String, INDArray> gradients() {
    return grads;
  }
}
