package org.grpo4j.cli.demo;

import java.util.SplittableRandom;
import org.grpo4j.autograd.Tensor;
import org.grpo4j.nn.Module;
import org.grpo4j.nn.layers.Linear;
import org.nd4j.linalg.api.buffer.DataType;

/** A tanh MLP classifier: fc1 (in, h), fc2 (h, h), head (h, classes). */
public final class MlpClassifier extends Module {
  private final Linear fc1;
  private final Linear fc2;
  private final Linear head;

  /** Weights N(0, 1/fan_in), zero biases, from {@code seed}. */
  public MlpClassifier(int in, int hidden, int classes, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    fc1 = registerModule("fc1", Linear.create(in, hidden, true, 1 / Math.sqrt(in), r, DataType.FLOAT));
    fc2 = registerModule("fc2", Linear.create(hidden, hidden, true, 1 / Math.sqrt(hidden), r, DataType.FLOAT));
    head = registerModule("head", Linear.create(hidden, classes, true, 1 / Math.sqrt(hidden), r, DataType.FLOAT));
  }

  /** x (B, in) -> logits (B, classes). */
  public Tensor forward(Tensor x) {
    return head.forward(fc2.forward(fc1.forward(x).tanh()).tanh());
  }
}
