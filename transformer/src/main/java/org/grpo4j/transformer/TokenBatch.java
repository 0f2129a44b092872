package org.grpo4j.transformer;

import java.util.List;

/**
 * A (B, T) batch of token ids in row-major order with the position id of each token. Ragged rows are right-padded:
 * causal attention never lets a real token see the padding after it. (Inference batches sequences of different
 * lengths without padding: {@link SlotBatch}.)
 */
public record TokenBatch(int batch, int time, int[] ids, int[] positions) {
  /** Checks that ids and positions both hold batch * time entries. */
  public TokenBatch {
    if (batch <= 0 || time <= 0) {
      throw new IllegalArgumentException("token batch must be non-empty, got (" + batch + ", " + time + ")");
    }
    int n = Math.multiplyExact(batch, time);
    if (ids.length != n || positions.length != n) {
      throw new IllegalArgumentException("token batch (" + batch + ", " + time + ") needs " + n + " ids and"
          + " positions, got " + ids.length + " and " + positions.length);
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
            + " (use rightPadded for ragged rows)");
      }
      for (int j = 0; j < t; j++) {
        ids[b * t + j] = rows[b][j];
        pos[b * t + j] = j;
      }
    }
    return new TokenBatch(rows.length, t, ids, pos);
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
    return new TokenBatch(rows.size(), t, ids, pos);
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
