package org.grpo4j.bench.transformer;

import java.util.Map;
import org.grpo4j.transformer.GptConfig;
import org.nd4j.autodiff.loss.LossReduce;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The same GPT-2 model as an ND4J SameDiff graph (the benchmark peer): GPT-2 names and weights copied from a grpo4j
 * model, GELU and layer norm as chosen by {@link PeerForm}, causal attention with an additive mask, tied head
 * (token embedding as a one-hot product: SameDiff cannot differentiate two gathers of one graph here), softmax
 * cross-entropy on one-hot targets (the sparse variant disagrees with the definition in this ND4J version),
 * trained by SameDiff's own {@code fit} with its Adam updater.
 */
public final class SameDiffGpt {
  private final SameDiff sd = SameDiff.create();
  private final int batch;
  private final int time;

  /** Builds the graph for (batch, time) inputs with the given weights (by GPT-2 name, copied). */
  public SameDiffGpt(GptConfig c, Map<String, INDArray> weights, int batch, int time, double lr, PeerForm form) {
    this.batch = batch;
    this.time = time;
    weights.forEach((k, v) -> sd.var(k, v.dup()));
    int d = c.nEmbd();
    int nh = c.nHead();
    int hs = c.headSize();
    long n = (long) batch * time;
    SDVariable ids = sd.placeHolder("ids", DataType.INT32, n);
    SDVariable targets = sd.placeHolder("targets", DataType.INT32, n);
    SDVariable wte = w("transformer.wte.weight");
    // Token embedding as one-hot x wte: SameDiff 1.0.0-M2.1 cannot differentiate two gathers in one graph.
    SDVariable tok = sd.oneHot(ids, c.vocabSize(), -1, 1.0, 0.0, DataType.FLOAT).mmul(wte); // (B*T, C)
    SDVariable x = sd.reshape(tok, batch, time, d).add(w("transformer.wpe.weight").get(
        SDIndex.interval(0L, (long) time))); // (B, T, C)
    x = sd.reshape(x, n, d); // (B*T, C)
    SDVariable mask = sd.constant("mask", causalMask(time));
    for (int l = 0; l < c.nLayer(); l++) {
      String p = "transformer.h." + l + ".";
      SDVariable h = layerNorm(x, p + "ln_1", c, form);
      SDVariable qkv = h.mmul(w(p + "attn.c_attn.weight")).add(w(p + "attn.c_attn.bias")); // (B*T, 3C)
      SDVariable[] heads = new SDVariable[3];
      for (int i = 0; i < 3; i++) {
        SDVariable part = sd.reshape(qkv.get(SDIndex.all(),
            SDIndex.interval((long) i * d, (long) (i + 1) * d)), batch, time, nh, hs);
        heads[i] = sd.reshape(sd.permute(part, 0, 2, 1, 3), (long) batch * nh, time, hs); // (B*nh, T, hs)
      }
      SDVariable s = sd.mmul(heads[0], heads[1], false, true, false).mul(1.0 / Math.sqrt(hs)).add(mask);
      SDVariable y = sd.mmul(sd.nn.softmax(s, 2), heads[2]); // (B*nh, T, hs)
      y = sd.reshape(sd.permute(sd.reshape(y, batch, nh, time, hs), 0, 2, 1, 3), n, d); // (B*T, C)
      x = x.add(y.mmul(w(p + "attn.c_proj.weight")).add(w(p + "attn.c_proj.bias")));
      h = layerNorm(x, p + "ln_2", c, form);
      h = gelu(h.mmul(w(p + "mlp.c_fc.weight")).add(w(p + "mlp.c_fc.bias")), form);
      x = x.add(h.mmul(w(p + "mlp.c_proj.weight")).add(w(p + "mlp.c_proj.bias")));
    }
    x = layerNorm(x, "transformer.ln_f", c, form);
    SDVariable logits = sd.mmul("logits", x, wte, false, true, false); // (B*T, V)
    SDVariable onehot = sd.oneHot(targets, c.vocabSize(), -1, 1.0, 0.0, DataType.FLOAT); // (B*T, V)
    sd.loss.softmaxCrossEntropy("loss", onehot, logits, null, LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, 0.0);
    sd.setLossVariables("loss");
    sd.setTrainingConfig(TrainingConfig.builder().updater(new Adam(lr)).dataSetFeatureMapping("ids")
        .dataSetLabelMapping("targets").build());
  }

  /** tanh GELU as x sigmoid(2 sqrt(2/pi) x (1 + 0.044715 x^2)), or ND4J's one-op approximation. */
  private SDVariable gelu(SDVariable x, PeerForm form) {
    if (form == PeerForm.FAST) {
      return sd.nn.gelu(x);
    }
    SDVariable inner = x.mul(x).mul(0.044715).add(1.0).mul(x).mul(2 * Math.sqrt(2 / Math.PI));
    return x.mul(sd.nn.sigmoid(inner));
  }

  /** Layer norm over the last axis with GPT-2's epsilon, or ND4J's fused op (which has its own epsilon). */
  private SDVariable layerNorm(SDVariable x, String name, GptConfig c, PeerForm form) {
    if (form == PeerForm.FAST) {
      return sd.nn.layerNorm(x, w(name + ".weight"), w(name + ".bias"), false, 1);
    }
    SDVariable xc = x.sub(x.mean(true, 1));
    SDVariable rstd = sd.math.rsqrt(xc.mul(xc).mean(true, 1).add(c.layerNormEpsilon()));
    return xc.mul(rstd).mul(w(name + ".weight")).add(w(name + ".bias"));
  }

  private SDVariable w(String name) {
    return sd.getVariable(name);
  }

  private static INDArray causalMask(int t) {
    float[] m = new float[t * t];
    for (int i = 0; i < t; i++) {
      for (int j = i + 1; j < t; j++) {
        m[i * t + j] = -1e30f;
      }
    }
    return Nd4j.create(m, new long[] {t, t}, 'c');
  }

  /** One Adam step on ids and targets (B*T,) through SameDiff's fit. */
  public void step(int[] ids, int[] targets) {
    sd.fit(new MultiDataSet(new INDArray[] {Nd4j.createFromArray(ids)},
        new INDArray[] {Nd4j.createFromArray(targets)}));
  }

  /** The loss at the current weights, without training. */
  public double loss(int[] ids, int[] targets) {
    return sd.output(Map.of("ids", Nd4j.createFromArray(ids), "targets",
        Nd4j.createFromArray(targets)), "loss").get("loss").getDouble(0);
  }

  /** Logits (B*T, V) at the current weights. */
  public INDArray logits(int[] ids) {
    return sd.output(Map.of("ids", Nd4j.createFromArray(ids)), "logits").get("logits");
  }

  /** Tokens per step. */
  public int tokens() {
    return batch * time;
  }
}
