package org.grpo4j.tokenizer;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How a byte-level BPE tokenizer cuts text into pieces before merging: the end of the piece that starts at i. */
public interface PieceSplitter {
  /** The end (exclusive, at most {@code end}) of the piece of {@code s} starting at {@code i < end}. */
  int pieceEnd(String s, int i, int end);

  /** GPT-2's pre-tokenizer (the ByteLevel pre-tokenizer with its own regex). */
  PieceSplitter GPT2 = Gpt2PreTokenizer::pieceEnd;

  /**
   * A Hugging Face {@code Split} pre-tokenizer with behavior {@code Isolated}: every match of {@code regex} is a piece
   * and so is every stretch of text between matches (Qwen2/Qwen3 and Llama 3 use this before ByteLevel).
   */
  static PieceSplitter isolated(String regex) {
    if (regex.equals(Qwen2PreTokenizer.REGEX)) {
      return Qwen2PreTokenizer::pieceEnd; // the same pieces, without java.util.regex
    }
    return regexIsolated(regex);
  }

  /** {@link #isolated} always through {@link java.util.regex} (the reference for the hand-written scanners). */
  static PieceSplitter regexIsolated(String regex) {
    Pattern p = Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS);
    ThreadLocal<Matcher> matchers = ThreadLocal.withInitial(() -> p.matcher(""));
    return (s, i, end) -> {
      Matcher m = matchers.get();
      m.reset(s);
      m.region(i, end);
      if (!m.find()) {
        return end;
      }
      if (m.start() > i) {
        return m.start(); // the text before the next match is a piece of its own
      }
      return Math.max(m.end(), i + Character.charCount(s.codePointAt(i)));
    };
  }
}
