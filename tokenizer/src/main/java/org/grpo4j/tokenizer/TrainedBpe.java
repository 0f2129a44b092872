package org.grpo4j.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * A trained byte-level BPE in minbpe form: ids 0..255 are the raw bytes, merge {@code i} creates id
 * {@code 256 + i}, and special tokens follow the merges. The merges are the truth; the vocabulary is derived.
 */
public record TrainedBpe(List<Merge> merges, List<String> specialTokens) {

  /** Number of single-byte tokens before the first merge. */
  public static final int BYTE_TOKENS = 256;

  /** Validates the minbpe id layout and the special tokens (non-empty, distinct, no line breaks). */
  public TrainedBpe {
    merges = List.copyOf(merges);
    specialTokens = List.copyOf(specialTokens);
    for (int i = 0; i < merges.size(); i++) {
      Merge m = merges.get(i);
      int id = BYTE_TOKENS + i;
      if (m.result() != id || m.left() >= id || m.right() >= id) {
        throw new TokenizerException("merge " + i + " must combine ids below " + id + " into id " + id
            + ", got " + m);
      }
    }
    var seen = new HashSet<String>();
    for (String s : specialTokens) {
      if (s.isEmpty() || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
        throw new TokenizerException("special token must be non-empty without line breaks, got '" + s + "'");
      }
      if (!seen.add(s)) {
        throw new TokenizerException("special token '" + s + "' is listed twice");
      }
    }
  }

  /** Total vocabulary size: 256 bytes, one id per merge, one per special token. */
  public int vocabSize() {
    return BYTE_TOKENS + merges.size() + specialTokens.size();
  }

  /** The id of the {@code i}-th special token. */
  public int specialTokenId(int i) {
    return BYTE_TOKENS + merges.size() + i;
  }

  /** Derives the vocabulary and builds the model. */
  public BpeModel model() {
    byte[][] bytes = new byte[vocabSize()][];
    int[] byteToId = new int[BYTE_TOKENS];
    for (int b = 0; b < BYTE_TOKENS; b++) {
      bytes[b] = new byte[] {(byte) b};
      byteToId[b] = b;
    }
    for (Merge m : merges) {
      byte[] l = bytes[m.left()];
      byte[] r = bytes[m.right()];
      byte[] t = java.util.Arrays.copyOf(l, l.length + r.length);
      System.arraycopy(r, 0, t, l.length, r.length);
      bytes[m.result()] = t;
    }
    List<AddedToken> added = new ArrayList<>();
    for (int i = 0; i < specialTokens.size(); i++) {
      bytes[specialTokenId(i)] = specialTokens.get(i).getBytes(StandardCharsets.UTF_8);
      added.add(new AddedToken(specialTokens.get(i), specialTokenId(i), true));
    }
    return new BpeModel(bytes, byteToId, merges, added, false);
  }

  /** Builds a tokenizer over the derived model. */
  public ByteLevelBpeTokenizer tokenizer() {
    return new ByteLevelBpeTokenizer(model());
  }
}
