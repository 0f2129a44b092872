package org.grpo4j.transformer;

import java.util.SplittableRandom;
import org.grpo4j.autograd.F;
import org.grpo4j.autograd.MemoryScope;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Tensor;
import org.grpo4j.autograd.ops.CachedAttention;
import org.grpo4j.autograd.ops.RopeTable;
import org.grpo4j.nn.Module;
import org.grpo4j.nn.layers.RmsNorm;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Grouped-query causal self-attention with rotary positions: q_proj (C -> nh * hd), k_proj and v_proj (C -> nkv * hd),
 * optional q/k/v biases (Qwen2), optional per-head RMSNorm of queries and keys before the rotation (Qwen3), o_proj.
 */
final class LlamaAttention extends Module {
  private final Projection q;
  private final Projection k;
  private final Projection v;
  private final Projection o;
  private final RmsNorm qNorm;
  private final RmsNorm kNorm;
  private final RopeTable rope;
  private final int layer;
  private final int nHead;
  private final int nKv;
  private final int hd;

  LlamaAttention(LlamaConfig c, int layer, RopeTable rope, SplittableRandom rng, DataType dtype) {
    this.nHead = c.nHead();
    this.nKv = c.nKvHead();
    this.hd = c.headDim();
    this.q = registerModule("q_proj", new Projection(c.hiddenSize(), nHead * hd, c.attentionBias(), 0.02, rng, dtype));
    this.k = registerModule("k_proj", new Projection(c.hiddenSize(), nKv * hd, c.attentionBias(), 0.02, rng, dtype));
    this.v = registerModule("v_proj", new Projection(c.hiddenSize(), nKv * hd, c.attentionBias(), 0.02, rng, dtype));
    this.o = registerModule("o_proj", new Projection(nHead * hd, c.hiddenSize(), false, 0.02, rng, dtype));
    this.qNorm = c.qkNorm() ? registerModule("q_norm", new RmsNorm(hd, c.rmsNormEps(), dtype)) : null;
    this.kNorm = c.qkNorm() ? registerModule("k_norm", new RmsNorm(hd, c.rmsNormEps(), dtype)) : null;
    this.rope = rope;
    this.layer = layer;
  }

  /**
   * x (B, T, C) at {@code positions} (B * T) -> (B, T, C). Without cache or bias this is differentiable
   * (grouped-query causal attention). With a cache or an additive bias (B, T, Tk) (inference only), the
   * new keys and values go to the cache and each query group attends to its key/value head's slots.
   */
  Tensor forward(Tensor x, int[] positions, KvCache cache, INDArray bias) {
    long b = x.size(0);
    long t = x.size(1);
    Tensor qh = q.forward(x).reshape(b, t, nHead, hd); // (B, T, nh, hd)
    Tensor kh = k.forward(x).reshape(b, t, nKv, hd); // (B, T, nkv, hd)
    Tensor vh = v.forward(x).reshape(b, t, nKv, hd).permute(0, 2, 1, 3); // (B, nkv, T, hd)
    if (qNorm != null) {
      qh = qNorm.forward(qh);
      kh = kNorm.forward(kh);
    }
    qh = F.rope(qh, rope, positions).permute(0, 2, 1, 3); // (B, nh, T, hd)
    kh = F.rope(kh, rope, positions).permute(0, 2, 1, 3); // (B, nkv, T, hd)
    Tensor y;
    if (cache == null && bias == null) {
      y = F.attention(qh, kh, vh, true); // (B, T, nh * hd); query head h reads key/value head h / (nh / nkv)
    } else {
      boolean cached = cache != null && cache.readsCache();
      if (cache != null) {
        cache.write(layer, kh.data(), vh.data());
      }
      INDArray keys = cached ? cache.keys(layer) : kh.data(); // (B, nkv, Tk or capacity, hd)
      INDArray values = cached ? cache.values(layer) : vh.data();
      INDArray qd = dense(qh.data()); // (B, nh, T, hd); no copy when T = 1
      INDArray kd = dense(keys);
      INDArray vd = dense(values);
      if (CachedAttention.usable(qd, kd, vd, bias)) { // float32 on the CPU: per-head GEMMs in place, GQA by offsets
        int nKeys = cached ? cache.length() + (int) t : (int) t;
        y = Tensor.of(MemoryScope.adopt(CachedAttention.attendGrouped(qd, kd, vd, nKeys, bias))); // (B, T, nh * hd)
      } else {
        y = Tensor.of(MemoryScope.adopt(InferenceAttention.attend(qh.data(), keys, values, bias))); // (B, T, nh * hd)
      }
    }
    return o.forward(y);
  }

  /** x itself when dense, else a dense copy that the open memory scope releases. */
  private static INDArray dense(INDArray x) {
    INDArray d = Nd.contiguous(x);
    return d == x ? x : MemoryScope.adopt(d);
  }
}
