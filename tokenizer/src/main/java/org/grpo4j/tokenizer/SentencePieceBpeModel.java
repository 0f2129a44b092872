package org.grpo4j.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The validated data of a SentencePiece-style BPE tokenizer (Hugging Face {@code BPE} over characters, as in
 * Llama 2): token strings by id, merges by rank, optional {@code <0xXX>} byte-fallback tokens (all 256 when on), an
 * optional unknown token and the added tokens.
 *
 * @param tokens the string of each id ({@code null} for an unused id); added tokens hold their content
 * @param merges merge rules in rank order; each result's string must be left's then right's
 * @param addedTokens tokens matched in raw text before pre-tokenization
 * @param byteFallback whether characters outside the vocabulary become their UTF-8 bytes' {@code <0xXX>} tokens
 * @param unkId the id used for characters outside the vocabulary when there is no byte fallback, or -1 for none
 * @param fuseUnk whether consecutive unknown characters become a single unknown token
 * @param ignoreMerges Hugging Face's {@code ignore_merges}: a piece that is itself a token skips merging
 */
public record SentencePieceBpeModel(List<String> tokens, List<Merge> merges, List<AddedToken> addedTokens,
    boolean byteFallback, int unkId, boolean fuseUnk, boolean ignoreMerges) {

  /** Validates the pieces against each other; errors name the offending id, merge or byte. */
  public SentencePieceBpeModel {
    tokens = java.util.Collections.unmodifiableList(new ArrayList<>(tokens)); // nulls allowed for unused ids
    merges = List.copyOf(merges);
    addedTokens = List.copyOf(addedTokens);
    if (unkId != -1 && token(tokens, unkId) == null) {
      throw new TokenizerException("unk id " + unkId + " is not a token of the vocabulary (size " + tokens.size()
          + ")");
    }
    if (byteFallback) {
      Map<String, Integer> index = index(tokens);
      for (int b = 0; b < 256; b++) {
        if (!index.containsKey(byteToken(b))) {
          throw new TokenizerException("byte_fallback is on but the vocabulary lacks " + byteToken(b)
              + "; it needs all 256 tokens <0x00>..<0xFF>");
        }
      }
    }
    for (int r = 0; r < merges.size(); r++) {
      Merge m = merges.get(r);
      String l = token(tokens, m.left());
      String rt = token(tokens, m.right());
      String res = token(tokens, m.result());
      if (l == null || rt == null || res == null || !res.equals(l + rt)) {
        throw new TokenizerException("merge rank " + r + " " + m + " is not left + right = result over the "
            + "vocabulary (size " + tokens.size() + ")");
      }
    }
    for (AddedToken a : addedTokens) {
      if (!a.content().equals(token(tokens, a.id()))) {
        throw new TokenizerException("added token '" + a.content() + "' has id " + a.id() + ", which holds '"
            + token(tokens, a.id()) + "'");
      }
    }
  }

  /** The {@code <0xXX>} token name of byte {@code b} (upper-case hex, as Hugging Face writes it). */
  public static String byteToken(int b) {
    return String.format("<0x%02X>", b);
  }

  /** A token string to id map of the vocabulary (the first id wins for a string listed twice). */
  Map<String, Integer> index() {
    return index(tokens);
  }

  private static Map<String, Integer> index(List<String> tokens) {
    Map<String, Integer> m = new HashMap<>(tokens.size() * 2);
    for (int id = 0; id < tokens.size(); id++) {
      if (tokens.get(id) != null) {
        m.putIfAbsent(tokens.get(id), id);
      }
    }
    return m;
  }

  private static String token(List<String> tokens, int id) {
    return id >= 0 && id < tokens.size() ? tokens.get(id) : null;
  }
}
