package org.grpo4j.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The validated data of a byte-level BPE tokenizer: the bytes of every token id, the id of each single byte,
 * the merges in rank order and the added tokens. Immutable; build it once and share it.
 */
public final class BpeModel {

  private final byte[][] tokenBytes;
  private final int[] byteToId;
  private final List<Merge> merges;
  private final List<AddedToken> addedTokens;
  private final boolean ignoreMerges;
  private final MergeTable table;
  private final Map<String, Integer> wholeWords;

  /**
   * Validates and builds a model.
   *
   * @param tokenBytes the bytes of each id ({@code null} for an unused id); added tokens hold their UTF-8 content
   * @param byteToId for each byte value 0..255, the id of the token made of that byte alone
   * @param merges merge rules in rank order (rank 0 first); each result's bytes must be left's then right's
   * @param addedTokens tokens matched in raw text before pre-tokenization
   * @param ignoreMerges Hugging Face's {@code ignore_merges}: a pre-token that is itself in the vocabulary is
   *     emitted as that one id without merging
   * @throws TokenizerException if the pieces are inconsistent, naming the offending id or merge
   */
  public BpeModel(byte[][] tokenBytes, int[] byteToId, List<Merge> merges, List<AddedToken> addedTokens,
      boolean ignoreMerges) {
    this.tokenBytes = tokenBytes.clone();
    this.byteToId = byteToId.clone();
    this.merges = List.copyOf(merges);
    this.addedTokens = List.copyOf(addedTokens);
    this.ignoreMerges = ignoreMerges;
    if (this.byteToId.length != 256) {
      throw new TokenizerException("byteToId must have 256 entries, got " + this.byteToId.length);
    }
    for (int b = 0; b < 256; b++) {
      byte[] t = bytesOrNull(this.byteToId[b]);
      if (t == null || t.length != 1 || (t[0] & 0xFF) != b) {
        throw new TokenizerException(String.format(
            "byte 0x%02X maps to id %d, which is not the single-byte token for it", b, this.byteToId[b]));
      }
    }
    for (int r = 0; r < this.merges.size(); r++) {
      checkMerge(r, this.merges.get(r));
    }
    Set<String> seen = new HashSet<>();
    for (AddedToken a : this.addedTokens) {
      byte[] t = bytesOrNull(a.id());
      if (t == null || !Arrays.equals(t, a.content().getBytes(StandardCharsets.UTF_8))) {
        throw new TokenizerException("added token '" + a.content() + "' has id " + a.id()
            + ", but that id's bytes are not the token's UTF-8 content");
      }
      if (!seen.add(a.content())) {
        throw new TokenizerException("added token '" + a.content() + "' is listed twice");
      }
    }
    this.table = new MergeTable(this.merges);
    this.wholeWords = ignoreMerges ? wholeWordIndex(this.tokenBytes) : Map.of();
  }

  private void checkMerge(int rank, Merge m) {
    byte[] l = bytesOrNull(m.left());
    byte[] r = bytesOrNull(m.right());
    byte[] res = bytesOrNull(m.result());
    if (l == null || r == null || res == null) {
      throw new TokenizerException("merge rank " + rank + " " + m + " uses an id outside the vocabulary (size "
          + tokenBytes.length + ")");
    }
    byte[] cat = Arrays.copyOf(l, l.length + r.length);
    System.arraycopy(r, 0, cat, l.length, r.length);
    if (!Arrays.equals(cat, res)) {
      throw new TokenizerException("merge rank " + rank + " " + m
          + ": the result's bytes are not the concatenation of the two parts");
    }
  }

  private static Map<String, Integer> wholeWordIndex(byte[][] tokenBytes) {
    Map<String, Integer> m = new HashMap<>();
    for (int id = 0; id < tokenBytes.length; id++) {
      if (tokenBytes[id] != null) {
        m.putIfAbsent(new String(tokenBytes[id], StandardCharsets.ISO_8859_1), id);
      }
    }
    return m;
  }

  private byte[] bytesOrNull(int id) {
    return id >= 0 && id < tokenBytes.length ? tokenBytes[id] : null;
  }

  /** One more than the largest id. */
  public int vocabSize() {
    return tokenBytes.length;
  }

  /** A copy of the bytes of token {@code id}, or null if the id is unused or out of range. */
  public byte[] tokenBytes(int id) {
    byte[] t = bytesOrNull(id);
    return t == null ? null : t.clone();
  }

  /** The merge rules in rank order. */
  public List<Merge> merges() {
    return merges;
  }

  /** The added tokens (special and non-special). */
  public List<AddedToken> addedTokens() {
    return addedTokens;
  }

  /** Whether a pre-token found whole in the vocabulary skips merging (Hugging Face {@code ignore_merges}). */
  public boolean ignoreMerges() {
    return ignoreMerges;
  }

  /** Returns a copy of this model with the given added tokens in place of the current ones. */
  public BpeModel withAddedTokens(List<AddedToken> tokens) {
    byte[][] bytes = tokenBytes.clone();
    int max = bytes.length - 1;
    for (AddedToken a : tokens) {
      max = Math.max(max, a.id());
    }
    bytes = Arrays.copyOf(bytes, max + 1);
    for (AddedToken a : tokens) {
      if (bytes[a.id()] == null) {
        bytes[a.id()] = a.content().getBytes(StandardCharsets.UTF_8);
      }
    }
    return new BpeModel(bytes, byteToId, merges, new ArrayList<>(tokens), ignoreMerges);
  }

  byte[][] tokenBytesArray() {
    return tokenBytes;
  }

  int[] byteToIdArray() {
    return byteToId;
  }

  MergeTable table() {
    return table;
  }

  /** The id of a token whose bytes (as ISO-8859-1 chars) are {@code key}, or null; only with ignoreMerges. */
  Integer wholeWord(String key) {
    return wholeWords.get(key);
  }
}
