package org.grpo4j.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A direct port of OpenAI's GPT-2 {@code encoder.py} (regex pre-tokenization via {@link RegexPreTokenizer},
 * string-keyed merge ranks, merge-all-occurrences loop, word cache). Slow; it is the oracle the fast
 * {@link ByteLevelBpeTokenizer} is tested and benchmarked against. Not thread-safe.
 */
public final class ReferenceBpeEncoder {

  private final Map<String, Integer> vocab;
  private final Map<String, Integer> ranks = new HashMap<>();
  private final Map<String, List<String>> cache = new HashMap<>();

  /** Builds the encoder from a byte-level vocabulary and merges given as (left, right) token strings in rank order. */
  public ReferenceBpeEncoder(Map<String, Integer> vocab, List<String[]> merges) {
    this.vocab = Map.copyOf(vocab);
    for (int r = 0; r < merges.size(); r++) {
      ranks.putIfAbsent(merges.get(r)[0] + " " + merges.get(r)[1], r);
    }
  }

  /** Builds the reference encoder over a model's merges (token strings rendered through the byte alphabet). */
  public static ReferenceBpeEncoder of(BpeModel model) {
    Map<String, Integer> vocab = new HashMap<>();
    for (int id = 0; id < model.vocabSize(); id++) {
      byte[] b = model.tokenBytes(id);
      if (b != null) {
        vocab.putIfAbsent(ByteLevelAlphabet.encode(b), id);
      }
    }
    List<String[]> merges = new ArrayList<>();
    for (Merge m : model.merges()) {
      merges.add(new String[] {
          ByteLevelAlphabet.encode(model.tokenBytes(m.left())), ByteLevelAlphabet.encode(model.tokenBytes(m.right()))});
    }
    return new ReferenceBpeEncoder(vocab, merges);
  }

  /** Encodes text (no special tokens) exactly as GPT-2's Python encoder does. */
  public int[] encode(String text) {
    List<Integer> out = new ArrayList<>();
    for (String piece : RegexPreTokenizer.split(text)) {
      String token = ByteLevelAlphabet.encode(piece.getBytes(StandardCharsets.UTF_8));
      for (String part : bpe(token)) {
        Integer id = vocab.get(part);
        if (id == null) {
          throw new TokenizerException("reference encoder: token '" + part + "' is not in the vocabulary");
        }
        out.add(id);
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  private List<String> bpe(String token) {
    List<String> cached = cache.get(token);
    if (cached != null) {
      return cached;
    }
    List<String> word = new ArrayList<>();
    for (int i = 0; i < token.length(); i++) {
      word.add(String.valueOf(token.charAt(i)));
    }
    while (word.size() > 1) {
      String best = null;
      int bestRank = Integer.MAX_VALUE;
      for (int i = 0; i + 1 < word.size(); i++) {
        Integer r = ranks.get(word.get(i) + " " + word.get(i + 1));
        if (r != null && r < bestRank) {
          bestRank = r;
          best = word.get(i) + " " + word.get(i + 1);
        }
      }
      if (best == null) {
        break;
      }
      String first = best.substring(0, best.indexOf(' '));
      String second = best.substring(best.indexOf(' ') + 1);
      List<String> merged = new ArrayList<>(word.size());
      int i = 0;
      while (i < word.size()) {
        if (i + 1 < word.size() && word.get(i).equals(first) && word.get(i + 1).equals(second)) {
          merged.add(first + second);
          i += 2;
        } else {
          merged.add(word.get(i));
          i++;
        }
      }
      word = merged;
    }
    cache.put(token, word);
    return word;
  }
}
