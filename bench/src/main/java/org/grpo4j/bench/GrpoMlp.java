package org.grpo4j.bench;

import java.util.Map;
import org.grpo4j.autograd.F;
import org.grpo4j.autograd.MemoryScope;
import org.grpo4j.autograd.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The MLP problem through grpo4j's autograd. */
public final class GrpoMlp implements Workload {
  private final MlpProblem p;
  private final Map<String, Tensor> params;

  /** Wraps the problem's arrays as parameters. */
  public GrpoMlp(MlpProblem p) {
    this.p = p;
    this.params = Params.wrap(p.params());
  }

  @Override
  public double step() {
    params.values().forEach(Tensor::zeroGrad);
    try (MemoryScope scope = MemoryScope.recycling()) { // intermediates go back to the pool; leaf gradients survive
      Tensor h = F.linear(Tensor.of(p.x()), params.get("w1"), params.get("b1")).tanh(); // (B, hidden)
      Tensor y = F.linear(h, params.get("w2"), params.get("b2")); // (B, out)
      Tensor loss = F.mseLoss(y, Tensor.of(p.target()));
      loss.backward();
      return loss.item();
    }
  }

  @Override
  public Map<String, INDArray> gradients() {
    return Params.gradients(params);
  }
}
