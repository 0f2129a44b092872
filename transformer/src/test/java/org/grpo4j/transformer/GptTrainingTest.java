package org.grpo4j.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.grpo4j.autograd.Tensor;
import org.grpo4j.nn.Parameter;
import org.grpo4j.nn.optim.AdamW;
import org.grpo4j.nn.optim.AdamWConfig;
import org.grpo4j.nn.optim.GradClip;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The model trains: gradients match finite differences, a fixed batch is overfit, configs are validated. */
class GptTrainingTest {
  static int[][][] batch(SplittableRandom r, int b, int t, int v) {
    int[][] x = new int[b][];
    int[][] y = new int[b][];
    for (int i = 0; i < b; i++) {
      int[] s = r.ints(t + 1, 0, v).toArray();
      x[i] = java.util.Arrays.copyOf(s, t);
      y[i] = java.util.Arrays.copyOfRange(s, 1, t + 1);
    }
    return new int[][][] {x, y};
  }

  @Test
  void parameterGradientsMatchCentralDifferences() {
    Gpt model = new Gpt(new GptConfig(2, 2, 8, 7, 8, 1e-5, 0.0), 4, DataType.DOUBLE);
    int[][][] xy = batch(new SplittableRandom(2), 2, 5, 7);
    model.loss(xy[0], xy[1]).backward();
    SplittableRandom r = new SplittableRandom(8);
    for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
      INDArray data = e.getValue().data();
      for (int trial = 0; trial < 2; trial++) {
        long i = r.nextLong(data.length());
        double x0 = data.getDouble(i);
        double h = 1e-6;
        data.putScalar(i, x0 + h);
        double up = model.loss(xy[0], xy[1]).item();
        data.putScalar(i, x0 - h);
        double down = model.loss(xy[0], xy[1]).item();
        data.putScalar(i, x0);
        double fd = (up - down) / (2 * h);
        double an = e.getValue().grad().getDouble(i);
        assertEquals(fd, an, 1e-7 + 1e-5 * Math.abs(fd), e.getKey() + "[" + i + "]");
      }
    }
  }

  @Test
  void aTinyGptOverfitsAFixedBatch() {
    GptConfig c = GptConfig.of(2, 2, 32, 16, 16);
    Gpt model = new Gpt(c, 1);
    int[][][] xy = batch(new SplittableRandom(5), 4, 16, 16);
    AdamW opt = AdamW.forModel(model, AdamWConfig.of(1e-2), 0.0);
    double first = 0;
    double loss = 0;
    for (int step = 0; step < 120; step++) {
      opt.zeroGrad();
      Tensor l = model.loss(xy[0], xy[1]);
      l.backward();
      GradClip.clipGlobalNorm(model.parameters(), 1.0);
      opt.step();
      loss = l.item();
      first = step == 0 ? loss : first;
    }
    assertTrue(first > 2.5, "starts near ln 16 = 2.77: " + first);
    assertTrue(loss < 0.05, "the fixed batch is memorized: loss " + loss);
  }

  @Test
  void configErrorsNameTheValue() {
    var e = assertThrows(IllegalArgumentException.class, () -> GptConfig.of(2, 4, 30, 10, 8));
    assertEquals("n_embd 30 is not divisible by n_head 4 (each head needs n_embd / n_head channels)", e.getMessage());
    var v = assertThrows(IllegalArgumentException.class, () -> GptConfig.of(2, 4, 32, 0, 8));
    assertEquals("vocab_size 0 must be > 0", v.getMessage());
    var d = assertThrows(IllegalArgumentException.class, () -> new GptConfig(1, 1, 4, 4, 4, 1e-5, 1.0));
    assertTrue(d.getMessage().contains("dropout 1.0"), d.getMessage());
  }

  @Test
  void aSequenceLongerThanTheContextIsRefused() {
    Gpt model = new Gpt(GptConfig.of(1, 1, 4, 5, 8), 0);
    var e = assertThrows(IllegalArgumentException.class, () -> model.forward(new int[][] {new int[9]}));
    assertTrue(e.getMessage().contains("position 8 is beyond the context of 8 positions"), e.getMessage());
  }

  @Test
  void configJsonRoundTripsAndRejectsUnsupportedVariants() {
    GptConfig c = new GptConfig(3, 2, 8, 50, 32, 1e-6, 0.1);
    assertEquals(c, GptConfig.fromJson(c.toJson(), "test"));
    var act = assertThrows(IllegalArgumentException.class,
        () -> GptConfig.fromJson(c.toJson().replace("gelu_new", "relu"), "cfg.json"));
    assertTrue(act.getMessage().startsWith("cfg.json: activation_function 'relu' is not supported"), act.getMessage());
    var missing = assertThrows(IllegalArgumentException.class,
        () -> GptConfig.fromJson("{\"n_layer\": 2}", "cfg.json"));
    assertTrue(missing.getMessage().contains("field 'n_embd' is missing"), missing.getMessage());
    assertEquals(List.of("transformer.wte.weight", "transformer.wpe.weight", "transformer.h.0.ln_1.weight"),
        new Gpt(c, 0).namedParameters().keySet().stream().limit(3).toList());
  }
}
