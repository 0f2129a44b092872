package org.grpo4j.autograd.ops;

/** Float32 layer-norm kernels over rows, forward and backward, in vectorizable Java loops. */
final class LayerNormKernels {
  private LayerNormKernels() {}

  /**
   * y = (x - mean) * rstd * gamma + beta over each row of x (rows, cols), biased variance; row r's mean and
   * rstd = 1 / sqrt(var + eps) go to mean[at + r] and rstd[at + r].
   */
  static void layerNorm(float[] x, float[] gamma, float[] beta, float[] y, float[] mean, float[] rstd, int at,
      int rows, int cols, float eps, float[] tmp) {
    for (int r = 0; r < rows; r++) {
      int o = r * cols;
      float mu = FloatKernels.sum(x, o, cols) / cols;
      for (int j = 0; j < cols; j++) {
        float d = x[o + j] - mu;
        tmp[j] = d * d;
      }
      float rs = (float) (1.0 / Math.sqrt(FloatKernels.sum(tmp, 0, cols) / cols + eps));
      for (int j = 0; j < cols; j++) {
        y[o + j] = (x[o + j] - mu) * rs * gamma[j] + beta[j];
      }
      mean[at + r] = mu;
      rstd[at + r] = rs;
    }
  }

  /**
   * Layer-norm backward from the forward's input and stats: dx = rstd (dxhat - mean(dxhat) - xhat mean(dxhat xhat))
   * with dxhat = g gamma, written into g; adds the column sums of g xhat and g to dgamma and dbeta (cols).
   */
  static void layerNormBackward(float[] x, float[] g, float[] gamma, float[] mean, float[] rstd, int at,
      float[] dgamma, float[] dbeta, int rows, int cols, float[] xhat, float[] t1, float[] t2) {
    for (int r = 0; r < rows; r++) {
      int o = r * cols;
      float mu = mean[at + r];
      float rs = rstd[at + r];
      for (int j = 0; j < cols; j++) {
        xhat[j] = (x[o + j] - mu) * rs;
      }
      for (int j = 0; j < cols; j++) {
        dgamma[j] += g[o + j] * xhat[j];
        dbeta[j] += g[o + j];
      }
      for (int j = 0; j < cols; j++) {
        float d = g[o + j] * gamma[j];
        t1[j] = d;
        t2[j] = d * xhat[j];
      }
      float meanD = FloatKernels.sum(t1, 0, cols) / cols;
      float meanDx = FloatKernels.sum(t2, 0, cols) / cols;
      for (int j = 0; j < cols; j++) {
        g[o + j] = rs * (t1[j] - meanD - xhat[j] * meanDx);
      }
    }
  }
}
