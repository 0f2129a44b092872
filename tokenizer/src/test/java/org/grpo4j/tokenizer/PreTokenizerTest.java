package org.grpo4j.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.util.List;
import org.junit.jupiter.api.Test;

class PreTokenizerTest {

  @Test
  void handWrittenScannerEqualsJavaRegexOnArbitraryUnicode() {
    qt().withFixedSeed(20261294L).withExamples(3000).forAll(UnicodeGen.text(40))
        .checkAssert(s -> assertEquals(RegexPreTokenizer.split(s), Gpt2PreTokenizer.split(s), UnicodeGen.escape(s)));
  }

  @Test
  void piecesConcatenateToInput() {
    qt().withFixedSeed(20261395L).withExamples(1000).forAll(UnicodeGen.text(60))
        .checkAssert(s -> assertEquals(s, String.join("", Gpt2PreTokenizer.split(s))));
  }

  @Test
  void knownSplits() {
    assertEquals(List.of("Hello", " world", "!"), Gpt2PreTokenizer.split("Hello world!"));
    assertEquals(List.of("I", "'m", " don", "'t", " we", "'re", " '", "s"), Gpt2PreTokenizer.split("I'm don't we're 's"));
    assertEquals(List.of(" ", " two"), Gpt2PreTokenizer.split("  two"));
    assertEquals(List.of("a", "  ", " b", "   "), Gpt2PreTokenizer.split("a   b   "));
    assertEquals(List.of("x", "\n", "\n", "y"), Gpt2PreTokenizer.split("x\n\ny"));
    assertEquals(List.of(" 123", "abc", " ...'''"), Gpt2PreTokenizer.split(" 123abc ...'''"));
    assertEquals(List.of("'", "S"), Gpt2PreTokenizer.split("'S"), "contractions are case-sensitive");
    assertEquals(List.of("\u00a0", "x"), Gpt2PreTokenizer.split("\u00a0x"), "only U+0020 joins the next piece");
    assertEquals(List.of("nai", "\u0308", "ve"), Gpt2PreTokenizer.split("nai\u0308ve"), "combining mark is other");
    assertEquals(List.of(" 😀"), Gpt2PreTokenizer.split(" 😀"));
  }

  @Test
  void unpairedSurrogateIsRejectedWithItsIndex() {
    TokenizerException e = assertThrows(TokenizerException.class, () -> Gpt2PreTokenizer.split("ab\uD800c"));
    assertTrue(e.getMessage().contains("U+D800") && e.getMessage().contains("index 2"), e.getMessage());
    assertThrows(TokenizerException.class, () -> Gpt2PreTokenizer.split("x \uDC00"));
    assertThrows(TokenizerException.class, () -> Gpt2PreTokenizer.split("\uD83D"));
  }
}
