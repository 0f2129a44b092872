package org.grpo4j.tokenizer.corpus;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Deterministic generator of mixed benchmark text from a seed: English prose with contractions, source code,
 * numbers and dates, and Unicode (accented Latin, Cyrillic, Greek, CJK, Korean, Arabic, emoji with modifiers and
 * ZWJ sequences, combining marks). The same seed and size always give the same text.
 */
public final class MixedTextGenerator {

  private static final String[] WORDS = (
      "the of and to in is was that for it with as on be at by this had not are but from or have an they which one "
      + "you were her all she there would their we him been has when who will more no if out so said what up its "
      + "about into than them can only other new some could time these two may then do first any my now such like "
      + "our over man me even most made after also did many before must through back years where much your way "
      + "well down should because each just those people how too little state good very make world still own see "
      + "men work long get here between both life being under never day same another know while last might us "
      + "great old year off come since against go came right used take three policy gradient reward model token "
      + "training sample group relative advantage estimate objective learning rate batch sequence language").split(" ");
  private static final String[] CONTRACTIONS = {"don't", "it's", "we're", "they've", "I'm", "you'll", "she'd",
      "can't", "won't", "isn't", "that's", "let's"};
  private static final String[] IDENTS = {"x", "y", "i", "j", "n", "count", "total", "buffer", "index", "value",
      "result", "tokens", "logits", "grad", "loss", "optimizer", "config", "size", "offset", "params"};
  private static final String[] CODE = {
      "for (int %s = 0; %s < %s; %s++) {", "  if (%s > %s) return %s;", "def %s(%s, %s):", "    return %s * %s + %d",
      "%s = [%s**2 for %s in range(%d)]  # list comprehension", "const %s = await fetch(`/api/%s?id=%d`);",
      "#include <stdio.h>", "}", "    %s += %s[%s] / %d.0;", "public static int %s(int %s) { return %s >> %d; }",
      "  %s.put(\"%s\", %d);", "} else if (%s == null) {", "    print(f\"{%s}: {%s:.3f}\")"};
  private static final String[] UNICODE = {"naïve", "façade", "Straße", "über", "crème brûlée", "São Paulo",
      "Ångström", "привет мир", "Москва", "Καλημέρα κόσμε", "我们今天去公园散步。", "中文分词测试", "日本語のテキストです",
      "東京タワー", "안녕하세요 세계", "مرحبا بالعالم", "שלום עולם", "😀", "👍🏽", "👨‍👩‍👧‍👦", "🇫🇷", "🚀✨",
      "e\u0301te\u0301", "n\u0303", "∑ᵢ xᵢ² ≤ ∞", "→ ⇒ ∀ ∃", "\u00a0\u2003", "½ ¾ ⅓", "Ⅻ", "१२३"};

  private final SplittableRandom rnd;

  /** Creates a generator; equal seeds give equal text. */
  public MixedTextGenerator(long seed) {
    this.rnd = new SplittableRandom(seed);
  }

  /** Generates text of at least {@code minBytes} UTF-8 bytes (whole paragraphs, so usually a little more). */
  public String generate(long minBytes) {
    if (minBytes < 0) {
      throw new IllegalArgumentException("minBytes must be non-negative, got " + minBytes);
    }
    StringBuilder sb = new StringBuilder((int) Math.min(Integer.MAX_VALUE - 16, minBytes + 1024));
    long bytes = 0;
    while (bytes < minBytes) {
      int start = sb.length();
      int kind = rnd.nextInt(100);
      if (kind < 50) {
        prose(sb);
      } else if (kind < 75) {
        code(sb);
      } else if (kind < 87) {
        numbers(sb);
      } else {
        unicode(sb);
      }
      sb.append(rnd.nextInt(4) == 0 ? "\n\n" : "\n");
      bytes += sb.substring(start).getBytes(StandardCharsets.UTF_8).length;
    }
    return sb.toString();
  }

  private String pick(String[] a) {
    return a[rnd.nextInt(a.length)];
  }

  private void prose(StringBuilder sb) {
    int sentences = 1 + rnd.nextInt(5);
    for (int s = 0; s < sentences; s++) {
      int words = 5 + rnd.nextInt(16);
      for (int w = 0; w < words; w++) {
        String word = rnd.nextInt(15) == 0 ? pick(CONTRACTIONS) : pick(WORDS);
        if (w == 0) {
          word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
        } else {
          sb.append(rnd.nextInt(12) == 0 ? ", " : " ");
        }
        sb.append(rnd.nextInt(25) == 0 ? "\"" + word + "\"" : word);
      }
      sb.append(".!?;".charAt(rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(3) : 0)).append(s + 1 < sentences ? " " : "");
    }
  }

  private void code(StringBuilder sb) {
    int lines = 1 + rnd.nextInt(6);
    for (int l = 0; l < lines; l++) {
      String fmt = pick(CODE);
      Object[] args = new Object[6];
      int k = 0;
      for (int p = fmt.indexOf('%'); p >= 0; p = fmt.indexOf('%', p + 1)) {
        args[k++] = fmt.charAt(p + 1) == 'd' ? (Object) rnd.nextInt(1000) : pick(IDENTS);
      }
      sb.append("    ".repeat(rnd.nextInt(3))).append(String.format(java.util.Locale.ROOT, fmt, args));
      if (l + 1 < lines) {
        sb.append('\n');
      }
    }
  }

  private void numbers(StringBuilder sb) {
    int items = 3 + rnd.nextInt(8);
    for (int i = 0; i < items; i++) {
      switch (rnd.nextInt(6)) {
        case 0 -> sb.append(rnd.nextInt(100000));
        case 1 -> sb.append(String.format(java.util.Locale.ROOT, "%.4f", rnd.nextDouble() * 1000));
        case 2 -> sb.append(String.format(java.util.Locale.ROOT, "%04d-%02d-%02d", 1990 + rnd.nextInt(40), 1 + rnd.nextInt(12),
            1 + rnd.nextInt(28)));
        case 3 -> sb.append(String.format(java.util.Locale.ROOT, "$%,d.%02d", rnd.nextInt(2000000), rnd.nextInt(100)));
        case 4 -> sb.append(String.format(java.util.Locale.ROOT, "0x%04X", rnd.nextInt(65536)));
        default -> sb.append(rnd.nextInt(10)).append('e').append(rnd.nextInt(30));
      }
      sb.append(i + 1 < items ? (rnd.nextBoolean() ? " " : ", ") : "");
    }
  }

  private void unicode(StringBuilder sb) {
    int items = 2 + rnd.nextInt(8);
    for (int i = 0; i < items; i++) {
      sb.append(rnd.nextInt(3) == 0 ? pick(WORDS) : pick(UNICODE)).append(i + 1 < items ? " " : "");
    }
  }
}
