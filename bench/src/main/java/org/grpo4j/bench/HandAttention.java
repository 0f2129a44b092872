package org.grpo4j.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The attention problem with hand-written ND4J forward and backward (GEMMs into preallocated buffers). */
public final class HandAttention implements Workload {
  private final AttentionProblem p;
  private final Map<String, INDArray> grads = new LinkedHashMap<>();
  private final INDArray mask;
  private final INDArray[] proj = new INDArray[3]; // q, k, v as (B*T, C)
  private final INDArray scores; // (B*nh, T, T)
  private final INDArray attnOut; // (B*nh, T, hs)
  private final INDArray out; // (B*T, C)

  /** Allocates buffers and the causal mask once. */
  public HandAttention(AttentionProblem p) {
    this.p = p;
    DataType dt = p.x().dataType();
    int bt = p.batch() * p.time();
    int bh = p.batch() * p.heads();
    for (int i = 0; i < 3; i++) {
      proj[i] = Nd4j.create(dt, bt, p.channels());
    }
    scores = Nd4j.create(dt, bh, p.time(), p.time());
    attnOut = Nd4j.create(dt, bh, p.time(), p.headSize());
    out = Nd4j.create(dt, bt, p.channels());
    double[] m = new double[p.time() * p.time()];
    for (int i = 0; i < p.time(); i++) {
      for (int j = i + 1; j < p.time(); j++) {
        m[i * p.time() + j] = -1e30;
      }
    }
    mask = Nd4j.create(m, new long[] {1, p.time(), p.time()}, 'c').castTo(dt).broadcast(bh, p.time(), p.time()).dup();
    p.params().forEach((k, v) -> grads.put(k, v.ulike()));
  }

  @Override
  public double step() {
    Map<String, INDArray> w = p.params();
    String[] names = {"q", "k", "v"};
    INDArray[] h = new INDArray[3];
    for (int i = 0; i < 3; i++) {
      Nd4j.gemm(p.x(), w.get("w" + names[i]), proj[i], false, false, 1.0, 0.0);
      proj[i].addiRowVector(w.get("b" + names[i]));
      h[i] = toHeads(proj[i]); // (B*nh, T, hs)
    }
    double scale = 1.0 / Math.sqrt(p.headSize());
    Nd4j.matmul(h[0], h[1], scores, false, true, false);
    scores.muli(scale).addi(mask);
    INDArray e = Transforms.exp(scores.subi(scores.max(true, 2)), false);
    INDArray prob = e.divi(e.sum(true, 2)); // (B*nh, T, T), in place in scores
    Nd4j.matmul(prob, h[2], attnOut, false, false, false);
    INDArray y = fromHeads(attnOut); // (B*T, C)
    Nd4j.gemm(y, w.get("wo"), out, false, false, 1.0, 0.0);
    out.addiRowVector(w.get("bo"));
    double loss = out.mul(p.r()).sumNumber().doubleValue();
    // backward: dout = r
    Nd4j.gemm(y, p.r(), grads.get("wo"), true, false, 1.0, 0.0);
    grads.get("bo").assign(p.r().sum(0));
    INDArray dyHeads = toHeads(Nd4j.gemm(p.r(), w.get("wo"), false, true)); // (B*nh, T, hs)
    INDArray dv = Nd4j.matmul(prob, dyHeads, null, true, false, false);
    INDArray dp = Nd4j.matmul(dyHeads, h[2], null, false, true, false);
    INDArray ds = dp.muli(prob);
    ds.subi(prob.mul(ds.sum(true, 2))).muli(scale); // softmax backward
    INDArray dq = Nd4j.matmul(ds, h[1], null, false, false, false);
    INDArray dk = Nd4j.matmul(ds, h[0], null, true, false, false);
    INDArray[] dh = {dq, dk, dv};
    for (int i = 0; i < 3; i++) {
      INDArray d2 = fromHeads(dh[i]);
      Nd4j.gemm(p.x(), d2, grads.get("w" + names[i]), true, false, 1.0, 0.0);
      grads.get("b" + names[i]).assign(d2.sum(0));
    }
    return loss;
  }

  /** (B*T, C) -> (B*nh, T, hs). */
  private INDArray toHeads(INDArray a) {
    return a.reshape('c', p.batch(), p.time(), p.heads(), p.headSize()).permute(0, 2, 1, 3).dup('c')
        .reshape('c', (long) p.batch() * p.heads(), p.time(), p.headSize());
  }

  /** (B*nh, T, hs) -> (B*T, C). */
  private INDArray fromHeads(INDArray a) {
    return a.reshape('c', p.batch(), p.heads(), p.time(), p.headSize()).permute(0, 2, 1, 3).dup('c')
        .reshape('c', (long) p.batch() * p.time(), p.channels());
  }

  @Override
  public Map<String, INDArray> gradients() {
    return grads;
  }
}
