package org.grpo4j.transformer;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Attention heads of N tokens stored side by side in a dense (N, W) array: head h of token i is columns
 * [from + h * headSize, from + (h + 1) * headSize) of row i (queries, keys or values read in place from a
 * projection, for example GPT-2's packed (N, 3C) c_attn output).
 */
record HeadColumns(INDArray rows, int from, int heads, int headSize) {
  /** Checks that the heads lie inside the rows. */
  HeadColumns {
    if (rows.rank() != 2 || from < 0 || from + (long) heads * headSize > rows.size(1)) {
      throw new IllegalArgumentException("heads: " + heads + " x " + headSize + " channels from column " + from
          + " do not fit rows of shape " + java.util.Arrays.toString(rows.shape()));
    }
  }

  /** Rows [start, start + n) of the heads as a view (n, heads, headSize). */
  INDArray tokens(int start, int n) {
    return rows.get(NDArrayIndex.interval(start, start + n), NDArrayIndex.interval(from, from + heads * headSize))
        .reshape('c', n, heads, headSize);
  }
}
