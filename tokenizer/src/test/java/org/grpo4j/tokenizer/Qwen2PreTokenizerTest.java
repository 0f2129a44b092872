package org.grpo4j.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-written Qwen2 scanner cuts text exactly where java.util.regex cuts it with the same Split regex. */
class Qwen2PreTokenizerTest {

  private static final PieceSplitter REGEX = PieceSplitter.regexIsolated(Qwen2PreTokenizer.REGEX);
  private static final PieceSplitter FAST = PieceSplitter.isolated(Qwen2PreTokenizer.REGEX);

  private static List<String> pieces(PieceSplitter p, String s) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < s.length(); ) {
      int j = p.pieceEnd(s, i, s.length());
      out.add(s.substring(i, j));
      i = j;
    }
    return out;
  }

  @Test
  void handPickedCases() {
    // ",ſo": a non-letter may lead a letter run; "ſ" (U+017F) matches 's' case-insensitively; three spaces before a
    // digit leave one for the next piece; NBSP leads "a".
    assertEquals(List.of("I", "'M", " fine", ",\u017Fo", "'\u017F", " (", "x", ")\r\n", "  ", " ", "1", "2", "\t\n",
        " ?!\n\n", "   ", "\u00A0a"), pieces(FAST, "I'M fine,\u017Fo'\u017F (x)\r\n   12\t\n ?!\n\n   \u00A0a"));
    for (String s : List.of("I'M fine,\u017Fo'\u017F (x)\r\n   12\t\n ?!\n\n   \u00A0a", "it's 'll've",
        "  \n  x", " \u3000\u2028y", "a  ", "\r\r\n \t")) {
      assertEquals(pieces(REGEX, s), pieces(FAST, s), UnicodeGen.escape(s));
    }
  }

  @Test
  void agreesWithTheRegexOnRandomText() {
    qt().withExamples(3000).forAll(UnicodeGen.text(30)).checkAssert(s ->
        assertEquals(pieces(REGEX, s), pieces(FAST, s), UnicodeGen.escape(s)));
  }
}
