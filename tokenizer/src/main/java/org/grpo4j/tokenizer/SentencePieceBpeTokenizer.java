package org.grpo4j.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SentencePiece-style BPE (Llama 2 and many small models): added tokens are matched first, spaces are marked by a
 * {@link MetaspaceSplitter}, each piece's characters are merged by rank, characters outside the vocabulary fall back
 * to {@code <0xXX>} byte tokens (or the unknown token), and decoding runs a {@link TokenDecoder} chain.
 */
public final class SentencePieceBpeTokenizer implements Tokenizer {

  private final SentencePieceBpeModel model;
  private final MetaspaceSplitter splitter;
  private final List<TokenDecoder> decoders;
  private final Map<String, Integer> vocab;
  private final int[] charIds = new int[65536];
  private final int[] byteIds;
  private final Map<String, Integer> specials;
  private final List<AddedToken> always;
  private final List<AddedToken> allowed;
  private final ThreadLocal<State> state;

  /** A tokenizer over {@code model} that marks spaces with {@code splitter} and decodes with {@code decoders}. */
  public SentencePieceBpeTokenizer(SentencePieceBpeModel model, MetaspaceSplitter splitter,
      List<TokenDecoder> decoders) {
    if (model == null || splitter == null || decoders == null) {
      throw new IllegalArgumentException("model, splitter and decoders must be non-null");
    }
    this.model = model;
    this.splitter = splitter;
    this.decoders = List.copyOf(decoders);
    this.vocab = model.index();
    Arrays.fill(charIds, -1);
    vocab.forEach((t, id) -> {
      if (t.length() == 1) {
        charIds[t.charAt(0)] = id;
      }
    });
    this.byteIds = model.byteFallback() ? new int[256] : null;
    for (int b = 0; byteIds != null && b < 256; b++) {
      byteIds[b] = vocab.get(SentencePieceBpeModel.byteToken(b));
    }
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
    this.allowed = model.addedTokens();
    MergeTable table = new MergeTable(model.merges());
    this.state = ThreadLocal.withInitial(() -> new State(table));
  }

  /** The model this tokenizer encodes with. */
  public SentencePieceBpeModel model() {
    return model;
  }

  @Override
  public int[] encode(String text, SpecialTokenPolicy policy) {
    if (text == null || policy == null) {
      throw new IllegalArgumentException("text and policy must be non-null");
    }
    if (policy == SpecialTokenPolicy.REJECT) {
      for (Map.Entry<String, Integer> e : specials.entrySet()) {
        int at = text.indexOf(e.getKey());
        if (at >= 0) {
          throw new TokenizerException("text contains special token '" + e.getKey() + "' at index " + at
              + " but the policy is REJECT; use ALLOW to encode it as id " + e.getValue()
              + " or AS_TEXT to encode it as plain text");
        }
      }
    }
    Utf8.requireValidUnicode(text);
    State st = state.get();
    IntList out = new IntList(text.length() / 3 + 4);
    AddedTokenSplitter.split(text, policy == SpecialTokenPolicy.ALLOW ? allowed : always,
        (s, from, to) -> encodeSegment(s, from, to, st, out), out);
    return out.toArray();
  }

  private void encodeSegment(String s, int from, int to, State st, IntList out) {
    char[] buf = st.buffer(to - from + 1);
    int n = splitter.mark(s, from, to, from == 0, buf);
    String m = new String(buf, 0, n);
    WordCache.PieceEncoder encoder = (p, a, b, o) -> encodePiece(p, a, b, st, o);
    for (int i = 0; i < n; ) {
      int j = splitter.pieceEnd(buf, i, n);
      st.cache.append(m, i, j, out, encoder);
      i = j;
    }
  }

  private void encodePiece(String m, int from, int to, State st, IntList out) {
    if (model.ignoreMerges()) {
      Integer whole = vocab.get(m.substring(from, to));
      if (whole != null) {
        out.add(whole);
        return;
      }
    }
    int[] sym = st.encoder.symbols((to - from) * 4);
    int n = 0;
    boolean pendingUnk = false;
    for (int k = from; k < to; ) {
      int cp = m.codePointAt(k);
      int len = Character.charCount(cp);
      int id = len == 1 ? charIds[cp] : vocab.getOrDefault(m.substring(k, k + len), -1);
      if (id >= 0) {
        if (pendingUnk) {
          sym[n++] = model.unkId();
          pendingUnk = false;
        }
        sym[n++] = id;
      } else if (byteIds != null) {
        for (byte b : m.substring(k, k + len).getBytes(StandardCharsets.UTF_8)) {
          sym[n++] = byteIds[b & 0xFF];
        }
      } else if (model.unkId() >= 0) {
        if (pendingUnk && !model.fuseUnk()) {
          sym[n++] = model.unkId();
        }
        pendingUnk = true;
      } else {
        throw new TokenizerException(String.format("character U+%04X ('%s') is not in the vocabulary, and the model "
            + "has neither byte_fallback nor an unk_token", cp, m.substring(k, k + len)));
      }
      k += len;
    }
    if (pendingUnk) {
      sym[n++] = model.unkId();
    }
    st.encoder.mergeInto(n, out);
  }

  @Override
  public String decode(int[] ids, InvalidUtf8Policy policy) {
    List<String> tokens = new ArrayList<>(ids.length);
    for (int k = 0; k < ids.length; k++) {
      String t = ids[k] >= 0 && ids[k] < model.tokens().size() ? model.tokens().get(ids[k]) : null;
      if (t == null) {
        throw new TokenizerException("token id " + ids[k] + " at index " + k + " is not in the vocabulary (valid ids:"
            + " 0.." + (model.tokens().size() - 1) + ")");
      }
      tokens.add(t);
    }
    for (TokenDecoder d : decoders) {
      tokens = d.apply(tokens, policy == InvalidUtf8Policy.THROW);
    }
    return String.join("", tokens);
  }

  /** The UTF-8 bytes of {@code decode(ids, REPLACE)}: a byte run that is not UTF-8 reads as U+FFFD per byte. */
  @Override
  public byte[] decodeBytes(int[] ids) {
    return decode(ids, InvalidUtf8Policy.REPLACE).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public int vocabSize() {
    return model.tokens().size();
  }

  @Override
  public Map<String, Integer> specialTokens() {
    return specials;
  }

  /** Per-thread scratch state: the piece cache, the merge workspace and the marking buffer. */
  private static final class State {
    final WordCache cache = new WordCache();
    final BpeWordEncoder encoder;
    char[] buf = new char[256];

    State(MergeTable table) {
      encoder = new BpeWordEncoder(table);
    }

    char[] buffer(int n) {
      if (buf.length < n) {
        buf = new char[Math.max(n, buf.length * 2)];
      }
      return buf;
    }
  }
}
