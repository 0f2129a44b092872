package org.grpo4j.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reference GPT-2 pre-tokenizer built on {@link java.util.regex}: slow, obviously correct, used as a test oracle. */
public final class RegexPreTokenizer {

  /** GPT-2's pre-tokenization pattern, exactly as in the original encoder. */
  public static final String GPT2_PATTERN =
      "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

  private static final Pattern PATTERN = Pattern.compile(GPT2_PATTERN, Pattern.UNICODE_CHARACTER_CLASS);

  private RegexPreTokenizer() {}

  /** Splits text into GPT-2 pre-tokens; the pieces concatenate back to the text. */
  public static List<String> split(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = PATTERN.matcher(text);
    int expected = 0;
    while (m.find()) {
      if (m.start() != expected) {
        throw new IllegalStateException("GPT-2 pattern skipped text at index " + expected);
      }
      out.add(m.group());
      expected = m.end();
    }
    if (expected != text.length()) {
      throw new IllegalStateException("GPT-2 pattern left text unmatched at index " + expected);
    }
    return out;
  }
}
