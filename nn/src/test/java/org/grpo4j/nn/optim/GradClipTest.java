package org.grpo4j.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GradClipTest {
  @Test
  void returnsThePreClipNormAndScalesToTheMaximum() {
    ToyModel model = ToyModel.create();
    model.backward();
    double expected = 0;
    for (int i = 0; i < 4; i++) {
      expected += Math.pow(ToyModel.W0[i] - ToyModel.TW[i], 2);
    }
    for (int i = 0; i < 2; i++) {
      expected += Math.pow(ToyModel.B0[i] - ToyModel.TB[i], 2);
    }
    expected = Math.sqrt(expected);
    double norm = GradClip.clipGlobalNorm(model.parameters(), 1.0);
    assertEquals(expected, norm, 1e-12);
    double after = Math.sqrt(model.parameters().stream()
        .mapToDouble(p -> Math.pow(p.grad().norm2Number().doubleValue(), 2)).sum());
    assertEquals(1.0, after, 1e-5);
    double again = GradClip.clipGlobalNorm(model.parameters(), 10.0);
    assertEquals(after, again, 1e-12);
    assertEquals(after, Math.sqrt(model.parameters().stream()
        .mapToDouble(p -> Math.pow(p.grad().norm2Number().doubleValue(), 2)).sum()), 1e-12, "below the max: unchanged");
  }
}
