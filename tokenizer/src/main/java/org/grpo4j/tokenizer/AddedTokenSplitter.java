package org.grpo4j.tokenizer;

import java.util.Arrays;
import java.util.List;

/**
 * Finds added tokens in raw text as Hugging Face does (leftmost match first, the longest at one position) and hands
 * the text between them to a segment encoder.
 */
final class AddedTokenSplitter {

  /** Encodes the ordinary text {@code s[from, to)}; {@code from} is its offset in the original text. */
  interface Segment {
    void encode(String s, int from, int to);
  }

  private AddedTokenSplitter() {}

  /** Splits {@code text} on {@code active} tokens: segments go to {@code segment}, token ids to {@code out}. */
  static void split(String text, List<AddedToken> active, Segment segment, IntList out) {
    int k = active.size();
    int[] next = new int[k];
    Arrays.fill(next, -2);
    int pos = 0;
    while (pos < text.length()) {
      int best = -1;
      int bestAt = Integer.MAX_VALUE;
      for (int t = 0; t < k; t++) {
        if (next[t] == -1) {
          continue;
        }
        String c = active.get(t).content();
        if (next[t] < pos) {
          next[t] = text.indexOf(c, pos);
        }
        int at = next[t];
        if (at >= 0 && (at < bestAt || (at == bestAt && c.length() > active.get(best).content().length()))) {
          best = t;
          bestAt = at;
        }
      }
      if (best < 0) {
        break;
      }
      if (bestAt > pos) {
        segment.encode(text, pos, bestAt);
      }
      out.add(active.get(best).id());
      pos = bestAt + active.get(best).content().length();
    }
    if (pos < text.length()) {
      segment.encode(text, pos, text.length());
    }
  }
}
