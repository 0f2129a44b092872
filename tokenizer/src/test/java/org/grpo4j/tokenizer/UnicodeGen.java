package org.grpo4j.tokenizer;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** QuickTheories generators of valid Unicode strings rich in the cases tokenizers get wrong. */
final class UnicodeGen {

  private static final int[] SPECIAL = {
      ' ', ' ', ' ', '\t', '\n', '\r', 0x0B, 0x0C, 0x85, 0xA0, 0x1680, 0x2003, 0x2028, 0x2029, 0x202F, 0x3000,
      0x1C, 0x1F, 0x00, 0x7F, 0x200B, 0x200D, 0xFEFF, '\'', '\'', 's', 't', 'r', 'e', 'v', 'l', 'm', 'd',
      0x0301, 0x0308, 0x0303, 0x20DD, 'é', 'ß', 'Ω', 'ж', 'ع', 'ש', '中', '文', '日', 'の', '한', '٣', '²', '½', 'Ⅻ',
      0x1F600, 0x1F44D, 0x1F3FD, 0x1F1EB, 0x1F1F7, 0x1F468, 0x10348, 0x1D11E, 0xE000, 0xFFFD, 0xFFFF, 0x10FFFF,
      '.', ',', '!', '?', '-', '_', '#', '<', '|', '>', '$', '%', '0', '1', '9'};

  private UnicodeGen() {}

  /** A code point: mostly ASCII, often a tricky one, sometimes anything valid (never a lone surrogate). */
  static Gen<Integer> codePoint() {
    Gen<Integer> ascii = integers().between(0x20, 0x7E);
    Gen<Integer> tricky = integers().between(0, SPECIAL.length - 1).map(i -> SPECIAL[i]);
    Gen<Integer> any = integers().between(0, 0x10FFFF).map(cp -> cp >= 0xD800 && cp <= 0xDFFF ? cp - 0x800 : cp);
    Gen<Integer> bmp = integers().between(0x80, 0xFFFF).map(cp -> cp >= 0xD800 && cp <= 0xDFFF ? cp + 0x800 : cp);
    return Generate.frequency(List.of(Pair.of(5, ascii), Pair.of(4, tricky), Pair.of(1, any), Pair.of(1, bmp)));
  }

  /** Strings of 0..maxCodePoints code points. */
  static Gen<String> text(int maxCodePoints) {
    return lists().of(codePoint()).ofSizeBetween(0, maxCodePoints).map(cps -> {
      StringBuilder sb = new StringBuilder();
      cps.forEach(sb::appendCodePoint);
      return sb.toString();
    }).describedAs(UnicodeGen::escape);
  }

  /** Java-escaped form for failure messages. */
  static String escape(String s) {
    StringBuilder sb = new StringBuilder("\"");
    s.codePoints().forEach(cp -> {
      if (cp >= 0x20 && cp < 0x7F && cp != '"' && cp != '\\') {
        sb.appendCodePoint(cp);
      } else {
        sb.append(String.format("\\u{%X}", cp));
      }
    });
    return sb.append('"').toString();
  }
}
