package org.grpo4j.transformer;

import java.util.List;

/**
 * A (B, T) batch of token ids in row-major order with the position id of each token and, for left-padded
 * batches, which tokens are padding (masked as attention keys). Right padding needs no mask: causal attention
 * never lets a real token see the padding after it.
 */
public record TokenBatch(int batch, int time, int[] ids, int[] positions, boolean[] padKeys) {
  /** Checks that ids, positions and padding flags all hold batch * time entries. */
  public TokenBatch {
    if (batch <= 0 || time <= 0) {
      throw new IllegalArgumentException("token batch must be non-empty, got (" + batch + ", " + time + ")");
    }
    int n = Math.multiplyExact(batch, time);
    if (ids.length != n || positions.length != n || (padKeys != null && padKeys.length != n)) {
      throw new IllegalArgumentException("token batch (" + batch + ", " + time + ") needs " + n + " ids, positions"
          + " and padding flags, got " + ids.length + ", " + positions.length + ", "
          + (padKeys == null ? "none" : padKeys.length));
    }
  }

  /** Equal-length rows, positions 0..T-1, no padding. */
  public static TokenBatch of(int[][] rows) {
    int t = rows.length == 0 ? 0 : rows[0].length;
    int[] ids = new int[rows.length * t];
    int[] pos = new int[ids.length];
    for (int b = 0; b < rows.length; b++) {
      if (rows[b].length != t) {
        throw new IllegalArgumentException("row " + b + " has " + rows[b].length + " tokens, row 0 has " + t
            + " (use leftPadded or rightPadded for ragged rows)");
      }
      for (int j = 0; j < t; j++) {
        ids[b * t + j] = rows[b][j];
        pos[b * t + j] = j;
      }
    }
    return new TokenBatch(rows.length, t, ids, pos, null);
  }

  /**
   * Ragged rows padded on the left with {@code padId} to the longest; real tokens get positions 0.. as if
   * unpadded, and padding is masked out as attention keys. This is how the sampler batches prompts.
   */
  public static TokenBatch leftPadded(List<int[]> rows, int padId) {
    int t = maxLength(rows);
    int[] ids = new int[rows.size() * t];
    int[] pos = new int[ids.length];
    boolean[] pad = new boolean[ids.length];
    boolean any = false;
    for (int b = 0; b < rows.size(); b++) {
      int[] r = rows.get(b);
      int offset = t - r.length;
      for (int j = 0; j < t; j++) {
        int i = b * t + j;
        pad[i] = j < offset;
        any |= pad[i];
        ids[i] = pad[i] ? padId : r[j - offset];
        pos[i] = pad[i] ? 0 : j - offset;
      }
    }
    return new TokenBatch(rows.size(), t, ids, pos, any ? pad : null);
  }

  /** Ragged rows padded on the right with {@code padId}; positions 0..T-1 (padding needs no key mask). */
  public static TokenBatch rightPadded(List<int[]> rows, int padId) {
    int t = maxLength(rows);
    int[] ids = new int[rows.size() * t];
    int[] pos = new int[ids.length];
    for (int b = 0; b < rows.size(); b++) {
      int[] r = rows.get(b);
      for (int j = 0; j < t; j++) {
        ids[b * t + j] = j < r.length ? r[j] : padId;
        pos[b * t + j] = j;
      }
    }
    return new TokenBatch(rows.size(), t, ids, pos, null);
  }

  private static int maxLength(List<int[]> rows) {
    int t = 0;
    for (int b = 0; b < rows.size(); b++) {
      if (rows.get(b).length == 0) {
        throw new IllegalArgumentException("row " + b + " is empty (every sequence needs at least one token)");
      }
      t = Math.max(t, rows.get(b).length);
    }
    return t;
  }

  /** The largest position id. */
  public int maxPosition() {
    int m = 0;
    for (int p : positions) {
      m = Math.max(m, p);
    }
    return m;
  }
}
