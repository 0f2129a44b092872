package org.grpo4j.transformer;

import org.grpo4j.autograd.MemoryScope;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.ops.CachedAttention;
import org.grpo4j.autograd.ops.Gemm;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Attention for inference through a {@link KvCache} (no graph), the one path GPT-2 and the Llama family take: write
 * the pass's keys and values at their (slot, position) rows, then for each segment of the pass (one slot's tokens)
 * softmax(q k^T / sqrt(hs) + causal mask) v over that slot's positions 0..each query's own, query head h reading
 * key/value head h / (nh / nkv) (grouped-query attention; nkv = nh is plain multi-head). Written below in ND4J
 * operations, the readable reference and the path of other backends; float32 and float64 on the CPU run the same
 * math as one kernel ({@link CachedAttention}; its float64 softmax is exact, for the float64 experiments).
 */
final class InferenceAttention {
  private InferenceAttention() {}

  /** Queries q (N, nh heads), new keys and values k, v (N, nkv heads) of {@code layer} -> merged heads (N, nh * hs). */
  static INDArray attend(HeadColumns q, HeadColumns k, HeadColumns v, KvCache cache, int layer) {
    if (k.heads() <= 0 || q.heads() % k.heads() != 0) {
      throw new IllegalArgumentException("attention: " + q.heads() + " query heads cannot share " + k.heads()
          + " key/value heads");
    }
    CacheStep step = cache.step();
    INDArray keys = cache.keys(layer); // (S, nkv, capacity, hs)
    INDArray values = cache.values(layer);
    if (CachedAttention.usable(q.rows(), k.rows(), v.rows(), keys, values)) {
      return MemoryScope.adopt(CachedAttention.writeAndAttend(q.rows(), q.from(), q.heads(), k.rows(), k.from(),
          v.rows(), v.from(), keys, values, step.slots(), step.starts(), step.lengths(), step.firstPositions()));
    }
    INDArray y = Nd4j.create(q.rows().dataType(), q.rows().rows(), (long) q.heads() * q.headSize());
    for (int s = 0; s < step.size(); s++) {
      write(keys, k, step, s);
      write(values, v, step, s);
      attendSegment(q, keys, values, step, s, y);
    }
    return MemoryScope.adopt(y);
  }

  /** Segment s's new keys or values (L, nkv, hs) -> store[slot, :, first..first+L, :]. */
  private static void write(INDArray store, HeadColumns x, CacheStep step, int s) {
    int first = step.firstPositions()[s];
    store.get(NDArrayIndex.point(step.slots()[s]), NDArrayIndex.all(),
        NDArrayIndex.interval(first, first + step.lengths()[s]), NDArrayIndex.all()) // (nkv, L, hs)
        .assign(x.tokens(step.starts()[s], step.lengths()[s]).permute(1, 0, 2));
  }

  /** Segment s's queries (L, nh, hs) over its slot's positions 0..first+L-1 -> rows of y (L, nh * hs). */
  private static void attendSegment(HeadColumns q, INDArray keys, INDArray values, CacheStep step, int s,
      INDArray y) {
    int len = step.lengths()[s];
    int first = step.firstPositions()[s];
    int nKeys = step.keys(s);
    int nh = q.heads();
    int hs = q.headSize();
    long nkv = keys.size(1);
    long group = nh / nkv;
    INDArray q3 = q.tokens(step.starts()[s], len).permute(1, 0, 2).dup('c')
        .reshape('c', nkv, group * len, hs); // (nkv, group*L, hs): head h = g*group + r
    INDArray k3 = keys.get(NDArrayIndex.point(step.slots()[s]), NDArrayIndex.all(), NDArrayIndex.interval(0, nKeys),
        NDArrayIndex.all()).dup('c'); // (nkv, keys, hs)
    INDArray v3 = values.get(NDArrayIndex.point(step.slots()[s]), NDArrayIndex.all(),
        NDArrayIndex.interval(0, nKeys), NDArrayIndex.all()).dup('c'); // (nkv, keys, hs)
    INDArray scores = Gemm.batchedInto(q3, false, k3, true, Nd.empty(q3.dataType(), nkv, group * len, nKeys))
        .muli(1.0 / Math.sqrt(hs)); // (nkv, group*L, keys)
    INDArray byHead = scores.reshape('c', nh, len, nKeys); // (nh, L, keys)
    Nd4j.exec(new BroadcastAddOp(byHead, causalMask(len, first, nKeys, scores), byHead, 1, 2));
    Nd4j.exec(new SoftMax(byHead, byHead, 2));
    INDArray out = Gemm.batchedInto(scores, false, v3, false, Nd.empty(q3.dataType(), nkv, group * len, hs));
    // out (nkv, group*L, hs)
    y.get(NDArrayIndex.interval(step.starts()[s], step.starts()[s] + len), NDArrayIndex.all())
        .assign(out.reshape('c', nh, len, hs).permute(1, 0, 2).reshape('c', len, (long) nh * hs)); // (L, nh*hs)
  }

  /** (L, keys): 0 where query i (at position first + i) may read key j (j <= first + i), else a large negative. */
  private static INDArray causalMask(int len, int first, int nKeys, INDArray like) {
    float[] mask = new float[len * nKeys];
    for (int i = 0; i < len; i++) {
      for (int j = first + i + 1; j < nKeys; j++) {
        mask[i * nKeys + j] = -1e30f;
      }
    }
    return Nd4j.create(mask, new long[] {len, nKeys}, 'c').castTo(like.dataType());
  }
}
