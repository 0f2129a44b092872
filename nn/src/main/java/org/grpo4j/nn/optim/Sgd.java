package org.grpo4j.nn.optim;

import java.util.List;
import java.util.Map;
import org.grpo4j.nn.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.BlasWrapper;
import org.nd4j.linalg.factory.Nd4j;

/**
 * SGD with momentum, as PyTorch's {@code torch.optim.SGD} (no dampening, no Nesterov): g' = g + wd p;
 * buf = g' on the first step, else momentum buf + g'; p -= lr buf. In place on the parameter arrays.
 */
public final class Sgd extends StatefulOptimizer {
  private final SgdConfig config;

  /** SGD over {@code groups} (which must partition their parameters). */
  public Sgd(List<ParamGroup> groups, SgdConfig config) {
    super(OptimizerKind.SGD, groups, config.lr(), "momentum_buffer");
    this.config = config;
  }

  @Override
  public void step() {
    step++;
    double lr = learningRate();
    BlasWrapper blas = Nd4j.getBlasWrapper();
    for (ParamGroup group : groups()) {
      for (Map.Entry<String, Parameter> e : group.params().entrySet()) {
        if (e.getValue().grad() == null) {
          continue;
        }
        INDArray g = flat(e.getValue().grad());
        INDArray p = flat(e.getValue().data());
        if (group.weightDecay() != 0) {
          g = g.dup();
          blas.axpy(group.weightDecay(), p, g);
        }
        if (config.momentum() == 0) {
          blas.axpy(-lr, g, p);
          continue;
        }
        INDArray buf = flat(buffer(e.getKey(), "momentum_buffer"));
        if (step == 1) {
          buf.assign(g);
        } else {
          blas.axpy(1.0, g, buf.muli(config.momentum()));
        }
        blas.axpy(-lr, buf, p);
      }
    }
  }
}
