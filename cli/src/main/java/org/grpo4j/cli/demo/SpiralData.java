package org.grpo4j.cli.demo;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The classic K-arm spiral classification set (CS231n): points (n, 2) and labels in [0, K), from a seed. */
public record SpiralData(INDArray points, int[] labels, int classes) {

  /** {@code perClass} noisy points on each of {@code classes} spiral arms. */
  public static SpiralData generate(int classes, int perClass, double noise, long seed) {
    if (classes < 2 || perClass < 1 || noise < 0) {
      throw new IllegalArgumentException("spiral: need classes >= 2, perClass >= 1, noise >= 0; got " + classes
          + ", " + perClass + ", " + noise);
    }
    SplittableRandom r = new SplittableRandom(seed);
    int n = classes * perClass;
    float[] xy = new float[2 * n];
    int[] labels = new int[n];
    for (int k = 0; k < classes; k++) {
      for (int i = 0; i < perClass; i++) {
        double radius = (double) i / perClass;
        double theta = k * 4.0 + radius * 4.0 + noise * gaussian(r);
        int idx = k * perClass + i;
        xy[2 * idx] = (float) (radius * Math.sin(theta));
        xy[2 * idx + 1] = (float) (radius * Math.cos(theta));
        labels[idx] = k;
      }
    }
    return new SpiralData(Nd4j.create(xy, new long[] {n, 2}, 'c'), labels, classes);
  }

  /** Number of points. */
  public int size() {
    return labels.length;
  }

  /** Rows {@code idx} of the points as (len, 2) and their labels. */
  public SpiralData rows(int[] idx) {
    float[][] all = points.toFloatMatrix(); // (n, 2)
    float[] xy = new float[2 * idx.length];
    int[] l = new int[idx.length];
    for (int i = 0; i < idx.length; i++) {
      xy[2 * i] = all[idx[i]][0];
      xy[2 * i + 1] = all[idx[i]][1];
      l[i] = labels[idx[i]];
    }
    return new SpiralData(Nd4j.create(xy, new long[] {idx.length, 2}, 'c'), l, classes);
  }

  private static double gaussian(SplittableRandom r) {
    return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
  }

  /** The points' dtype. */
  public DataType dtype() {
    return points.dataType();
  }
}
