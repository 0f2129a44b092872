package org.grpo4j.autograd.ops;

import java.util.Arrays;
import org.grpo4j.autograd.Context;
import org.grpo4j.autograd.HostFloats;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Op;
import org.grpo4j.autograd.ShapeException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Rotary position embedding in the "rotate half" form of Hugging Face Llama: x (B, T, nh, hd) with one position per
 * (b, t) token gives, for i < hd / 2, y[i] = x[i] cos - x[i + hd/2] sin and y[i + hd/2] = x[i + hd/2] cos + x[i] sin.
 * The backward is the rotation by the opposite angle. Float32 on the CPU runs on float tables, else on doubles.
 */
public record Rope(RopeTable table, int[] positions) implements Op {
  /** Checks the positions. */
  public Rope {
    for (int p : positions) {
      if (p < 0) {
        throw new IllegalArgumentException("rope: position " + p + " is negative");
      }
    }
  }

  @Override
  public INDArray forward(Context ctx, INDArray... in) {
    return rotate(in[0], 1);
  }

  @Override
  public INDArray[] backward(Context ctx, INDArray g) {
    return new INDArray[] {rotate(g, -1)};
  }

  /** x rotated by sign * angle (sign -1 is the transpose, the backward). */
  private INDArray rotate(INDArray x, int sign) {
    int h = table.half();
    if (x.rank() != 4 || x.size(3) != 2L * h || x.size(0) * x.size(1) != positions.length) {
      throw new ShapeException("rope: x " + Nd.shape(x) + " does not fit (expected (B, T, nh, " + 2 * h + ") with B*T = "
          + positions.length + " positions)");
    }
    int tokens = positions.length;
    int heads = (int) x.size(2);
    int maxPos = Arrays.stream(positions).max().orElse(0);
    RopeTable.Tables t = table.upTo(maxPos + 1);
    INDArray xc = Nd.contiguous(x);
    int n = Math.toIntExact(xc.length());
    if (FloatKernels.usable(xc)) {
      float[] v = HostFloats.read(xc, new float[n]);
      float[] out = new float[n];
      for (int k = 0; k < tokens; k++) {
        int tab = positions[k] * h;
        for (int head = 0; head < heads; head++) {
          int o = (k * heads + head) * 2 * h;
          for (int i = 0; i < h; i++) {
            float c = t.cosF()[tab + i];
            float s = sign * t.sinF()[tab + i];
            float a = v[o + i];
            float b = v[o + h + i];
            out[o + i] = a * c - b * s;
            out[o + h + i] = b * c + a * s;
          }
        }
      }
      INDArray y = Nd.empty(x.dataType(), x.shape());
      HostFloats.write(out, y);
      return y;
    }
    double[] v = Nd.toDoubles(xc);
    double[] out = new double[n];
    for (int k = 0; k < tokens; k++) {
      int tab = positions[k] * h;
      for (int head = 0; head < heads; head++) {
        int o = (k * heads + head) * 2 * h;
        for (int i = 0; i < h; i++) {
          double c = t.cos()[tab + i];
          double s = sign * t.sin()[tab + i];
          out[o + i] = v[o + i] * c - v[o + h + i] * s;
          out[o + h + i] = v[o + h + i] * c + v[o + i] * s;
        }
      }
    }
    INDArray d = Nd4j.createFromArray(out).reshape('c', x.shape());
    return x.dataType() == DataType.DOUBLE ? d : d.castTo(x.dataType());
  }
}
