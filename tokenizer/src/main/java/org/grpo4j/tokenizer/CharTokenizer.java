package org.grpo4j.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Character-level tokenizer for tiny synthetic tasks: each code point of a fixed alphabet is one id (in alphabet
 * order), followed by optional special tokens. Text outside the alphabet is an error, never silently dropped.
 */
public final class CharTokenizer implements Tokenizer {

  private final int[] codePoints;
  private final Map<Integer, Integer> idOf = new HashMap<>();
  private final List<String> specials;
  private final Map<String, Integer> specialIds;

  /**
   * Creates a tokenizer whose ids are the alphabet's code points in order, then the special tokens.
   *
   * @throws IllegalArgumentException if the alphabet is empty, repeats a code point or is not valid Unicode, or
   *     a special token is empty or repeated
   */
  public CharTokenizer(String alphabet, List<String> specialTokens) {
    if (alphabet.isEmpty()) {
      throw new IllegalArgumentException("alphabet must be non-empty");
    }
    codePoints = alphabet.codePoints().toArray();
    for (int i = 0; i < codePoints.length; i++) {
      int cp = codePoints[i];
      if (Character.isSurrogate((char) cp) && cp <= 0xFFFF) {
        throw new IllegalArgumentException(String.format("alphabet has an unpaired surrogate U+%04X", cp));
      }
      if (idOf.put(cp, i) != null) {
        throw new IllegalArgumentException(String.format("alphabet repeats '%s' (U+%04X)", Character.toString(cp), cp));
      }
    }
    Map<String, Integer> sp = new LinkedHashMap<>();
    for (String s : specialTokens) {
      if (s.isEmpty() || sp.put(s, codePoints.length + sp.size()) != null) {
        throw new IllegalArgumentException("special tokens must be non-empty and distinct, got '" + s + "'");
      }
    }
    this.specials = List.copyOf(specialTokens);
    this.specialIds = Collections.unmodifiableMap(sp);
  }

  /** A tokenizer over the distinct code points of {@code corpus}, sorted by code point. */
  public static CharTokenizer fromCorpus(String corpus, List<String> specialTokens) {
    TreeSet<Integer> set = new TreeSet<>();
    corpus.codePoints().forEach(set::add);
    StringBuilder sb = new StringBuilder();
    set.forEach(sb::appendCodePoint);
    return new CharTokenizer(sb.toString(), specialTokens);
  }

  /** The alphabet, in id order. */
  public String alphabet() {
    return new String(codePoints, 0, codePoints.length);
  }

  @Override
  public int[] encode(String text, SpecialTokenPolicy policy) {
    List<Integer> out = new ArrayList<>(text.length());
    int i = 0;
    while (i < text.length()) {
      String special = policy == SpecialTokenPolicy.AS_TEXT ? null : specialAt(text, i);
      if (special != null) {
        if (policy == SpecialTokenPolicy.ALLOW) {
          out.add(specialIds.get(special));
          i += special.length();
          continue;
        }
        if (policy == SpecialTokenPolicy.REJECT) {
          throw new TokenizerException("text contains special token '" + special + "' at index " + i
              + " but the policy is REJECT");
        }
      }
      int cp = Gpt2PreTokenizer.codePointAt(text, i, text.length());
      Integer id = idOf.get(cp);
      if (id == null) {
        throw new TokenizerException(String.format("character '%s' (U+%04X) at index %d is not in the alphabet '%s'",
            Character.toString(cp), cp, i, alphabet()));
      }
      out.add(id);
      i += Character.charCount(cp);
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  private String specialAt(String text, int i) {
    String best = null;
    for (String s : specials) {
      if (text.startsWith(s, i) && (best == null || s.length() > best.length())) {
        best = s;
      }
    }
    return best;
  }

  @Override
  public String decode(int[] ids, InvalidUtf8Policy policy) {
    StringBuilder sb = new StringBuilder(ids.length);
    for (int k = 0; k < ids.length; k++) {
      int id = ids[k];
      if (id >= 0 && id < codePoints.length) {
        sb.appendCodePoint(codePoints[id]);
      } else if (id >= codePoints.length && id < vocabSize()) {
        sb.append(specials.get(id - codePoints.length));
      } else {
        throw new TokenizerException("token id " + id + " at index " + k + " is not in the vocabulary (valid ids: 0.."
            + (vocabSize() - 1) + ")");
      }
    }
    return sb.toString();
  }

  @Override
  public byte[] decodeBytes(int[] ids) {
    return decode(ids).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public int vocabSize() {
    return codePoints.length + specials.size();
  }

  @Override
  public Map<String, Integer> specialTokens() {
    return specialIds;
  }
}
