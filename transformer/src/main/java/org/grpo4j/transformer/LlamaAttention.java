package org.grpo4j.transformer;

import java.util.SplittableRandom;
import org.grpo4j.autograd.F;
import org.grpo4j.autograd.MemoryScope;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Tensor;
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
   * x (B, T, C) at {@code positions} (B * T) -> (B, T, C). Without a cache this is differentiable (grouped-query
   * causal attention). With a cache (inference only), x is a {@link SlotBatch} pass
   * (1, N, C): the new keys and values go to the cache and each query group attends to its key/value head's slot
   * positions up to its own ({@link InferenceAttention}).
   */
  Tensor forward(Tensor x, int[] positions, KvCache cache) {
    long b = x.size(0);
    long t = x.size(1);
    Tensor qh = q.forward(x).reshape(b, t, nHead, hd); // (B, T, nh, hd)
    Tensor kh = k.forward(x).reshape(b, t, nKv, hd); // (B, T, nkv, hd)
    Tensor vh = v.forward(x); // (B, T, nkv * hd)
    if (qNorm != null) {
      qh = qNorm.forward(qh);
      kh = kNorm.forward(kh);
    }
    qh = F.rope(qh, rope, positions); // (B, T, nh, hd)
    kh = F.rope(kh, rope, positions); // (B, T, nkv, hd)
    if (cache == null) {
      // (B, T, nh * hd); query head h reads key/value head h / (nh / nkv)
      Tensor y = F.attention(qh.permute(0, 2, 1, 3), kh.permute(0, 2, 1, 3),
          vh.reshape(b, t, nKv, hd).permute(0, 2, 1, 3), true);
      return o.forward(y);
    }
    INDArray y = InferenceAttention.attend(new HeadColumns(rows(qh), 0, nHead, hd),
        new HeadColumns(rows(kh), 0, nKv, hd), new HeadColumns(rows(vh), 0, nKv, hd), cache, layer); // (N, nh * hd)
    return o.forward(Tensor.of(y.reshape('c', 1, t, (long) nHead * hd)));
  }

  /** A pass's (1, N, heads, hd) or (1, N, heads * hd) as dense rows (N, heads * hd). */
  private static INDArray rows(Tensor x) {
    INDArray d = Nd.contiguous(x.data());
    if (d != x.data()) {
      MemoryScope.adopt(d);
    }
    return d.reshape('c', x.size(1), d.length() / x.size(1));
  }
}
