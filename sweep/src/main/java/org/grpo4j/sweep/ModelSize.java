package org.grpo4j.sweep;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Parameter shapes of real model sizes, for measuring what broadcasting a policy's weights costs. */
public enum ModelSize {
  /** GPT-2 small: 12 layers, width 768, vocabulary 50,257, context 1,024 (124,439,808 parameters). */
  GPT2_SMALL,
  /** Qwen2.5-0.5B: 24 layers, width 896, MLP 4,864, grouped KV (2 heads of 64), vocabulary 151,936, tied. */
  QWEN_0_5B;

  /** Tensor name to shape, in checkpoint order. */
  public Map<String, int[]> shapes() {
    Map<String, int[]> s = new LinkedHashMap<>();
    if (this == GPT2_SMALL) {
      s.put("wte", new int[] {50257, 768});
      s.put("wpe", new int[] {1024, 768});
      for (int l = 0; l < 12; l++) {
        String h = "h." + l + ".";
        s.put(h + "ln_1.weight", new int[] {768});
        s.put(h + "ln_1.bias", new int[] {768});
        s.put(h + "attn.c_attn.weight", new int[] {768, 2304});
        s.put(h + "attn.c_attn.bias", new int[] {2304});
        s.put(h + "attn.c_proj.weight", new int[] {768, 768});
        s.put(h + "attn.c_proj.bias", new int[] {768});
        s.put(h + "ln_2.weight", new int[] {768});
        s.put(h + "ln_2.bias", new int[] {768});
        s.put(h + "mlp.c_fc.weight", new int[] {768, 3072});
        s.put(h + "mlp.c_fc.bias", new int[] {3072});
        s.put(h + "mlp.c_proj.weight", new int[] {3072, 768});
        s.put(h + "mlp.c_proj.bias", new int[] {768});
      }
      s.put("ln_f.weight", new int[] {768});
      s.put("ln_f.bias", new int[] {768});
    } else {
      s.put("embed_tokens", new int[] {151936, 896});
      for (int l = 0; l < 24; l++) {
        String h = "layers." + l + ".";
        s.put(h + "q_proj.weight", new int[] {896, 896});
        s.put(h + "q_proj.bias", new int[] {896});
        s.put(h + "k_proj.weight", new int[] {128, 896});
        s.put(h + "k_proj.bias", new int[] {128});
        s.put(h + "v_proj.weight", new int[] {128, 896});
        s.put(h + "v_proj.bias", new int[] {128});
        s.put(h + "o_proj.weight", new int[] {896, 896});
        s.put(h + "gate_proj.weight", new int[] {4864, 896});
        s.put(h + "up_proj.weight", new int[] {4864, 896});
        s.put(h + "down_proj.weight", new int[] {896, 4864});
        s.put(h + "input_layernorm.weight", new int[] {896});
        s.put(h + "post_attention_layernorm.weight", new int[] {896});
      }
      s.put("norm.weight", new int[] {896});
    }
    return s;
  }

  /** The number of parameters. */
  public long parameters() {
    long n = 0;
    for (int[] shape : shapes().values()) {
      long k = 1;
      for (int d : shape) {
        k *= d;
      }
      n += k;
    }
    return n;
  }

  /** Random float32 weights of this size (uniform, std 0.02), one flat array per tensor, from {@code seed}. */
  public LinkedHashMap<String, float[]> randomWeights(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    LinkedHashMap<String, float[]> w = new LinkedHashMap<>();
    shapes().forEach((name, shape) -> {
      long k = 1;
      for (int d : shape) {
        k *= d;
      }
      float[] a = new float[Math.toIntExact(k)];
      for (int i = 0; i < a.length; i++) {
        a[i] = (float) ((r.nextDouble() - 0.5) * 0.0693); // uniform with std 0.02: cheap and seeded
      }
      w.put(name, a);
    });
    return w;
  }
}
