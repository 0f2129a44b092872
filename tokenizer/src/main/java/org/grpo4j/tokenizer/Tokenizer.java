package org.grpo4j.tokenizer;

import java.util.Map;
import java.util.OptionalInt;

/** Maps text to token ids and back; implementations are immutable and safe to share between threads. */
public interface Tokenizer {

  /** Encodes text with special-token text treated as plain text ({@link SpecialTokenPolicy#AS_TEXT}). */
  default int[] encode(String text) {
    return encode(text, SpecialTokenPolicy.AS_TEXT);
  }

  /**
   * Encodes text to token ids.
   *
   * @throws TokenizerException if the text is not valid Unicode (an unpaired surrogate), contains a character
   *     the vocabulary cannot express, or contains special-token text under {@link SpecialTokenPolicy#REJECT}
   */
  int[] encode(String text, SpecialTokenPolicy policy);

  /** Decodes ids to text, throwing if an id is outside the vocabulary or the bytes are not valid UTF-8. */
  default String decode(int[] ids) {
    return decode(ids, InvalidUtf8Policy.THROW);
  }

  /** Decodes ids to text; ids outside the vocabulary always throw, invalid UTF-8 follows {@code policy}. */
  String decode(int[] ids, InvalidUtf8Policy policy);

  /** The UTF-8 bytes the ids stand for, without any UTF-8 validation; throws for ids outside the vocabulary. */
  byte[] decodeBytes(int[] ids);

  /** One more than the largest id this tokenizer can produce or decode. */
  int vocabSize();

  /** Special tokens (content to id), recognised only under {@link SpecialTokenPolicy#ALLOW}. */
  Map<String, Integer> specialTokens();

  /** The id of a special token, or empty if {@code content} is not one. */
  default OptionalInt specialTokenId(String content) {
    Integer id = specialTokens().get(content);
    return id == null ? OptionalInt.empty() : OptionalInt.of(id);
  }
}
