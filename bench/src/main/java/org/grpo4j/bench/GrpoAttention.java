package org.grpo4j.bench;

import java.util.Map;
import org.grpo4j.autograd.F;
import org.grpo4j.autograd.MemoryScope;
import org.grpo4j.autograd.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The causal self-attention problem through grpo4j's autograd (fused linear and attention ops). */
public final class GrpoAttention implements Workload {
  private final AttentionProblem p;
  private final Map<String, Tensor> params;

  /** Wraps the problem's arrays as parameters. */
  public GrpoAttention(AttentionProblem p) {
    this.p = p;
    this.params = Params.wrap(p.params());
  }

  @Override
  public double step() {
    params.values().forEach(Tensor::zeroGrad);
    try (MemoryScope scope = MemoryScope.recycling()) { // intermediates go back to the pool; leaf gradients survive
      Tensor x = Tensor.of(p.x()); // (B*T, C)
      Tensor q = heads(F.linear(x, params.get("wq"), params.get("bq"))); // (B, nh, T, hs)
      Tensor k = heads(F.linear(x, params.get("wk"), params.get("bk")));
      Tensor v = heads(F.linear(x, params.get("wv"), params.get("bv")));
      Tensor y = F.attention(q, k, v, true).reshape((long) p.batch() * p.time(), p.channels()); // (B*T, C)
      Tensor out = F.linear(y, params.get("wo"), params.get("bo"));
      Tensor loss = out.mul(Tensor.of(p.r())).sum();
      loss.backward();
      return loss.item();
    }
  }

  private Tensor heads(Tensor t) {
    return t.reshape(p.batch(), p.time(), p.heads(), p.headSize()).permute(0, 2, 1, 3); // (B, nh, T, hs)
  }

  @Override
  public Map<String, INDArray> gradients() {
    return Params.gradients(params);
  }
}
