package org.grpo4j.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Byte-level BPE tokenizer (GPT-2 scheme): added tokens are matched first, the remaining text is split by
 * {@link Gpt2PreTokenizer}, each piece's UTF-8 bytes are merged by rank, and pieces are cached per thread.
 * Decoding concatenates token bytes, so {@code decode(encode(s)).equals(s)} for every valid Unicode string.
 */
public final class ByteLevelBpeTokenizer implements Tokenizer {

  private final BpeModel model;
  private final byte[][] tokenBytes;
  private final int[] byteToId;
  private final Map<String, Integer> specials;
  private final List<AddedToken> always;
  private final List<AddedToken> allowed;
  private final ThreadLocal<State> state;
  private final PieceSplitter splitter;
  private final java.text.Normalizer.Form normalization;

  /** Creates a GPT-2 style tokenizer over a validated model, with an empty per-thread cache. */
  public ByteLevelBpeTokenizer(BpeModel model) {
    this(model, PieceSplitter.GPT2, null);
  }

  /**
   * A tokenizer that normalizes text outside added tokens to {@code normalization} (null: none), cuts it with
   * {@code splitter} and merges each piece's UTF-8 bytes (the tokenizer.json pipeline of Qwen2/Qwen3 and Llama 3).
   */
  public ByteLevelBpeTokenizer(BpeModel model, PieceSplitter splitter, java.text.Normalizer.Form normalization) {
    this.splitter = splitter;
    this.normalization = normalization;
    this.model = model;
    this.tokenBytes = model.tokenBytesArray();
    this.byteToId = model.byteToIdArray();
    Map<String, Integer> sp = new LinkedHashMap<>();
    List<AddedToken> alw = new ArrayList<>();
    for (AddedToken a : model.addedTokens()) {
      if (a.special()) {
        sp.put(a.content(), a.id());
      } else {
        alw.add(a);
      }
    }
    this.specials = Collections.unmodifiableMap(sp);
    this.always = List.copyOf(alw);
    this.allowed = List.copyOf(model.addedTokens());
    MergeTable table = model.table();
    this.state = ThreadLocal.withInitial(() -> new State(table));
  }

  /** The model this tokenizer encodes with. */
  public BpeModel model() {
    return model;
  }

  @Override
  public int[] encode(String text, SpecialTokenPolicy policy) {
    if (text == null || policy == null) {
      throw new IllegalArgumentException("text and policy must be non-null");
    }
    if (policy == SpecialTokenPolicy.REJECT) {
      rejectSpecials(text);
    }
    List<AddedToken> active = policy == SpecialTokenPolicy.ALLOW ? allowed : always;
    State st = state.get();
    IntList out = new IntList(text.length() / 3 + 4);
    if (active.isEmpty()) {
      encodeOrdinary(text, 0, text.length(), st, out);
    } else {
      encodeWithAdded(text, active, st, out);
    }
    return out.toArray();
  }

  private void rejectSpecials(String text) {
    for (Map.Entry<String, Integer> e : specials.entrySet()) {
      int at = text.indexOf(e.getKey());
      if (at >= 0) {
        throw new TokenizerException("text contains special token '" + e.getKey() + "' at index " + at
            + " but the policy is REJECT; use ALLOW to encode it as id " + e.getValue()
            + " or AS_TEXT to encode it as plain text");
      }
    }
  }

  private void encodeWithAdded(String text, List<AddedToken> active, State st, IntList out) {
    AddedTokenSplitter.split(text, active, (s, from, to) -> encodeOrdinary(s, from, to, st, out), out);
  }

  private void encodeOrdinary(String s, int from, int to, State st, IntList out) {
    if (normalization != null && from < to && !java.text.Normalizer.isNormalized(s.substring(from, to),
        normalization)) {
      s = java.text.Normalizer.normalize(s.substring(from, to), normalization);
      from = 0;
      to = s.length();
    }
    WordCache.PieceEncoder encoder = (p, a, b, o) -> encodePiece(p, a, b, st, o);
    int i = from;
    while (i < to) {
      int j = splitter.pieceEnd(s, i, to);
      st.cache.append(s, i, j, out, encoder);
      i = j;
    }
  }

  private void encodePiece(String s, int from, int to, State st, IntList out) {
    int[] sym = st.encoder.symbols((to - from) * 3);
    int n = 0;
    for (int k = from; k < to; k++) {
      char c = s.charAt(k);
      if (c < 0x80) {
        sym[n++] = byteToId[c];
      } else if (c < 0x800) {
        sym[n++] = byteToId[0xC0 | (c >> 6)];
        sym[n++] = byteToId[0x80 | (c & 0x3F)];
      } else if (Character.isHighSurrogate(c)) {
        int cp = Character.toCodePoint(c, s.charAt(++k)); // pairing was checked by the pre-tokenizer
        sym[n++] = byteToId[0xF0 | (cp >> 18)];
        sym[n++] = byteToId[0x80 | ((cp >> 12) & 0x3F)];
        sym[n++] = byteToId[0x80 | ((cp >> 6) & 0x3F)];
        sym[n++] = byteToId[0x80 | (cp & 0x3F)];
      } else {
        sym[n++] = byteToId[0xE0 | (c >> 12)];
        sym[n++] = byteToId[0x80 | ((c >> 6) & 0x3F)];
        sym[n++] = byteToId[0x80 | (c & 0x3F)];
      }
    }
    if (model.ignoreMerges()) {
      Integer whole = model.wholeWord(new String(s.substring(from, to).getBytes(StandardCharsets.UTF_8),
          StandardCharsets.ISO_8859_1));
      if (whole != null) {
        out.add(whole);
        return;
      }
    }
    st.encoder.mergeInto(n, out);
  }

  @Override
  public byte[] decodeBytes(int[] ids) {
    int total = 0;
    for (int k = 0; k < ids.length; k++) {
      total += bytesOf(ids[k], k).length;
    }
    byte[] out = new byte[total];
    int p = 0;
    for (int id : ids) {
      byte[] t = tokenBytes[id];
      System.arraycopy(t, 0, out, p, t.length);
      p += t.length;
    }
    return out;
  }

  private byte[] bytesOf(int id, int index) {
    byte[] t = id >= 0 && id < tokenBytes.length ? tokenBytes[id] : null;
    if (t == null) {
      throw new TokenizerException("token id " + id + " at index " + index + " is not in the vocabulary (valid ids: "
          + "0.." + (tokenBytes.length - 1) + (id >= 0 && id < tokenBytes.length ? ", and this id is unused)" : ")"));
    }
    return t;
  }

  @Override
  public String decode(int[] ids, InvalidUtf8Policy policy) {
    byte[] bytes = decodeBytes(ids);
    if (policy == InvalidUtf8Policy.THROW) {
      int bad = Utf8.firstInvalid(bytes, 0, bytes.length);
      if (bad >= 0) {
        int k = 0;
        int end = tokenBytes[ids[0]].length;
        while (end <= bad) {
          end += tokenBytes[ids[++k]].length;
        }
        throw new TokenizerException(String.format("token ids do not decode to valid UTF-8: malformed byte 0x%02X "
            + "at byte offset %d, inside token id %d at index %d (use InvalidUtf8Policy.REPLACE to substitute U+FFFD)",
            bytes[bad] & 0xFF, bad, ids[k], k));
      }
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public int vocabSize() {
    return tokenBytes.length;
  }

  @Override
  public Map<String, Integer> specialTokens() {
    return specials;
  }

  /** Per-thread scratch state: the word cache and the merge workspace. */
  private static final class State {
    final WordCache cache = new WordCache();
    final BpeWordEncoder encoder;

    State(MergeTable table) {
      encoder = new BpeWordEncoder(table);
    }
  }
}
