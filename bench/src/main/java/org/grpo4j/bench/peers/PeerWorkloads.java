package org.grpo4j.bench.peers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.grpo4j.autograd.AlignedArrays;
import org.grpo4j.autograd.F;
import org.grpo4j.autograd.GradMode;
import org.grpo4j.autograd.MemoryScope;
import org.grpo4j.autograd.Tensor;
import org.grpo4j.autograd.ops.Gemm;
import org.grpo4j.nn.optim.AdamW;
import org.grpo4j.nn.optim.AdamWConfig;
import org.grpo4j.transformer.Gpt;
import org.grpo4j.transformer.GptConfig;
import org.grpo4j.transformer.Scorer;
import org.grpo4j.transformer.sample.RolloutEngine;
import org.grpo4j.transformer.sample.SamplingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The workloads of {@code shared/peer/torch_bench.py}, same names, sizes, rounds and repetitions, plus grpo4j's two
 * GEMM-only ones ({@link #gemms}, also in {@code bench/peer/torch_bench.py}), each built only when it runs (the
 * GPT-2-small ones hold a 124M-parameter model). Only public grpo4j APIs, so that the file can
 * be copied into an older build for same-sitting comparisons (before the one attention op, the attention workload
 * called {@code F.attention(qkv, 4, 4, true)}).
 */
public final class PeerWorkloads {
  private PeerWorkloads() {}

  /** Every workload in torch_bench.py's order, by name. */
  public static Map<String, Supplier<PeerWorkload>> all() {
    Map<String, Supplier<PeerWorkload>> w = new LinkedHashMap<>();
    w.put("mlp", PeerWorkloads::mlp);
    w.put("attention", PeerWorkloads::attention);
    w.put("gpt_train_d128", () -> train("gpt_train_d128", 512, 128, 4, 4, 128, 16, 3, 5));
    w.put("gpt_train_d256", () -> train("gpt_train_d256", 512, 256, 8, 4, 128, 16, 2, 5));
    w.put("gemm_d128", () -> gemms("gemm_d128", 512, 128, 4, 16 * 128, 3, 5));
    w.put("gemm_d256", () -> gemms("gemm_d256", 512, 256, 4, 16 * 128, 2, 5));
    w.put("sample_kv_64x128", () -> sample("sample_kv_64x128", 512, 128, 4, 4, 256, 64, 16, 128, 3));
    w.put("gpt2s_decode_b8", () -> sample("gpt2s_decode_b8", 50257, 768, 12, 12, 1024, 8, 32, 128, 3));
    w.put("gpt2s_decode_b64", () -> sample("gpt2s_decode_b64", 50257, 768, 12, 12, 1024, 64, 32, 128, 2));
    w.put("gpt2s_score_b8x256", () -> score("gpt2s_score_b8x256", 50257, 768, 12, 12, 1024, 8, 256, 3));
    w.put("gpt2s_train_2x256", () -> train("gpt2s_train_2x256", 50257, 768, 12, 12, 256, 2, 1, 3));
    return w;
  }

  /** y = tanh(x W1 + b1) W2 + b2, loss mean((y - t)^2); x (64, 256), hidden 256, out 256; fwd+bwd. */
  static PeerWorkload mlp() {
    SplittableRandom r = new SplittableRandom(0);
    Tensor x = Tensor.of(normal(r, 1, 64, 256));
    Tensor t = Tensor.of(normal(r, 1, 64, 256));
    Tensor[] p = {param(r, 256, 256), param(r, 256), param(r, 256, 256), param(r, 256)};
    Runnable step = () -> {
      for (Tensor q : p) {
        q.zeroGrad();
      }
      try (MemoryScope s = MemoryScope.recycling()) {
        F.mseLoss(F.linear(F.linear(x, p[0], p[1]).tanh(), p[2], p[3]), t).backward();
      }
    };
    double flops = 3 * 2.0 * 64 * 256 * 256 * 2;
    return new PeerWorkload("mlp", 200, 7, 0, flops, 0, step);
  }

  /** Causal self-attention block, B=4 T=64 C=128, 4 heads, packed q/k/v and output with biases, loss sum(out * r). */
  static PeerWorkload attention() {
    int b = 4;
    int t = 64;
    int c = 128;
    SplittableRandom r = new SplittableRandom(1);
    Tensor x = Tensor.of(normal(r, 1, b, t, c));
    Tensor ra = Tensor.of(normal(r, 1, b, t, c));
    Tensor[] p = {param(r, c, 3 * c), param(r, 3 * c), param(r, c, c), param(r, c)};
    Runnable step = () -> {
      for (Tensor q : p) {
        q.zeroGrad();
      }
      try (MemoryScope s = MemoryScope.recycling()) {
        Tensor y = F.attention(F.linear(x, p[0], p[1]), 4, 4, true); // (B, T, C)
        F.linear(y, p[2], p[3]).mul(ra).sum().backward();
      }
    };
    double flops = 3 * (b * t * (2.0 * c * 3 * c + 2.0 * c * c) + b * 4.0 * c * t * (t + 1) / 2.0);
    return new PeerWorkload("attention", 100, 7, 0, flops, 0, step);
  }

  /** GPT-2 style training step with a tied head and AdamW (lr 1e-4, weight decay 0.01, PyTorch's defaults). */
  static PeerWorkload train(String name, int vocab, int d, int heads, int layers, int ctx, int batch, int reps,
      int rounds) {
    Gpt model = new Gpt(GptConfig.of(layers, heads, d, vocab, ctx), 0);
    AdamW opt = AdamW.forModel(model, AdamWConfig.of(1e-4), 0.01);
    SplittableRandom r = new SplittableRandom(2);
    int[][] x = new int[batch][];
    int[][] y = new int[batch][];
    for (int i = 0; i < batch; i++) {
      x[i] = r.ints(ctx, 0, vocab).toArray();
      y[i] = r.ints(ctx, 0, vocab).toArray();
    }
    Runnable step = () -> {
      try (MemoryScope s = MemoryScope.recycling()) {
        opt.zeroGrad();
        model.loss(x, y).backward();
        opt.step();
      }
    };
    double flops = 3 * batch * PeerShapes.sequenceForwardFlops(layers, d, vocab, ctx);
    return new PeerWorkload(name, reps, rounds, (long) batch * ctx, flops, 0, step);
  }

  /**
   * The linear layers' matrix products of one training step of the GPT of {@link #train} alone, as plain products
   * of random operands: per layer, for c_attn, c_proj, c_fc and the MLP's c_proj, x W (N, in) (in, out), dY W^T and
   * X^T dY; then the tied head's h wte^T, dLogits wte and dLogits^T h. No attention, layer norms or optimizer: the
   * step's share that the BLAS library decides (grpo4j: oneDNN and OpenBLAS through {@link Gemm}; PyTorch: its MKL).
   * The operands start on 64-byte boundaries, as the step's activations and gradients do ({@link AlignedArrays}) and
   * as PyTorch allocates its tensors.
   */
  static PeerWorkload gemms(String name, int vocab, int d, int layers, int tokens, int reps, int rounds) {
    SplittableRandom r = new SplittableRandom(5);
    List<Product> products = new ArrayList<>();
    double flops = 0;
    int[][] linears = {{d, 3 * d}, {d, d}, {d, 4 * d}, {4 * d, d}};
    for (int l = 0; l < layers; l++) {
      for (int[] io : linears) {
        flops += product(products, r, tokens, io[0], io[1], false, false); // x W
        flops += product(products, r, tokens, io[1], io[0], false, true); // dY W^T
        flops += product(products, r, io[0], tokens, io[1], true, false); // X^T dY
      }
    }
    flops += product(products, r, tokens, d, vocab, false, true); // h wte^T
    flops += product(products, r, tokens, vocab, d, false, false); // dLogits wte
    flops += product(products, r, vocab, tokens, d, true, false); // dLogits^T h
    Runnable call = () -> {
      try (MemoryScope s = MemoryScope.recycling()) {
        for (Product p : products) {
          Gemm.mm(p.a(), p.ta(), p.b(), p.tb());
        }
      }
    };
    return new PeerWorkload(name, reps, rounds, tokens, flops, 0, call);
  }

  /** One product op(a) op(b) of {@link #gemms}: the operands as stored, and whether each is read transposed. */
  private record Product(INDArray a, boolean ta, INDArray b, boolean tb) {}

  /** Adds op(a) (m, k) times op(b) (k, n) of random operands, stored transposed where asked; returns its FLOPs. */
  private static double product(List<Product> products, SplittableRandom r, int m, int k, int n, boolean ta,
      boolean tb) {
    INDArray a = aligned(ta ? normal(r, 1, k, m) : normal(r, 1, m, k));
    INDArray b = aligned(tb ? normal(r, 1, n, k) : normal(r, 1, k, n));
    products.add(new Product(a, ta, b, tb));
    return 2.0 * m * n * k;
  }

  /** {@code prompts} random prompts of {@code plen} tokens, {@code newTokens} new tokens each, multinomial at T=1. */
  static PeerWorkload sample(String name, int vocab, int d, int heads, int layers, int ctx, int prompts, int plen,
      int newTokens, int rounds) {
    Gpt model = new Gpt(GptConfig.of(layers, heads, d, vocab, ctx), 0);
    SplittableRandom r = new SplittableRandom(3);
    List<int[]> batch = new ArrayList<>();
    for (int i = 0; i < prompts; i++) {
      batch.add(r.ints(plen, 0, vocab).toArray());
    }
    long[] seed = {0};
    Runnable run = () -> RolloutEngine.generate(model, batch, SamplingConfig.sample(newTokens, seed[0]++));
    double flops = prompts * PeerShapes.prefillFlops(layers, d, vocab, plen);
    for (int p = plen; p < plen + newTokens - 1; p++) {
      flops += prompts * PeerShapes.forwardFlopsAt(layers, d, vocab, p + 1);
    }
    double bytes = (newTokens - 1) * PeerShapes.decodeWeightBytes(layers, d, vocab);
    return new PeerWorkload(name, 1, rounds, (long) prompts * newTokens, flops, bytes, run);
  }

  /**
   * Log-probabilities of {@code batch} random sequences of {@code len} tokens: forward, log-softmax, gather, without
   * a graph (the peer runs under {@code torch.no_grad()}) and in a recycling scope, as the trainer scores rollouts.
   */
  static PeerWorkload score(String name, int vocab, int d, int heads, int layers, int ctx, int batch, int len,
      int rounds) {
    Gpt model = new Gpt(GptConfig.of(layers, heads, d, vocab, ctx), 0);
    SplittableRandom r = new SplittableRandom(4);
    List<int[]> prompts = new ArrayList<>();
    List<int[]> rest = new ArrayList<>();
    for (int i = 0; i < batch; i++) {
      int[] s = r.ints(len, 0, vocab).toArray();
      prompts.add(new int[] {s[0]});
      rest.add(java.util.Arrays.copyOfRange(s, 1, len)); // scores s[1..len) given what precedes each
    }
    Runnable run = () -> { // no graph, as torch.no_grad(), and pooled buffers, as the trainer scores
      try (GradMode.Scope g = GradMode.noGrad(); MemoryScope s = MemoryScope.recycling()) {
        Scorer.score(model, prompts, rest);
      }
    };
    double flops = batch * PeerShapes.sequenceForwardFlops(layers, d, vocab, len - 1);
    return new PeerWorkload(name, 1, rounds, (long) batch * len, flops, 0, run);
  }

  private static Tensor param(SplittableRandom r, long... shape) {
    return Tensor.param(normal(r, 1 / Math.sqrt(shape[0]), shape));
  }

  /** A copy of {@code a} on a 64-byte boundary (where alignment is on; else ND4J's). */
  private static INDArray aligned(INDArray a) {
    INDArray c = AlignedArrays.zeros(a.dataType(), a.shape());
    c.assign(a);
    return c;
  }

  private static INDArray normal(SplittableRandom r, double scale, long... shape) {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    float[] v = new float[Math.toIntExact(n)];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (scale * (r.nextDouble() * 2 - 1) * Math.sqrt(3));
    }
    return Nd4j.create(v, shape, DataType.FLOAT);
  }
}
