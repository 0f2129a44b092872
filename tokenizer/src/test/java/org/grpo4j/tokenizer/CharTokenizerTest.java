package org.grpo4j.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.util.List;
import org.junit.jupiter.api.Test;

class CharTokenizerTest {

  private final CharTokenizer t = new CharTokenizer("0123456789+= ", List.of("<eos>"));

  @Test
  void encodesEachCharacterAsItsAlphabetIndex() {
    assertArrayEquals(new int[] {1, 10, 2, 11, 3}, t.encode("1+2=3"));
    assertEquals("1+2=3", t.decode(new int[] {1, 10, 2, 11, 3}));
    assertEquals(14, t.vocabSize());
  }

  @Test
  void specialTokensFollowThePolicy() {
    assertArrayEquals(new int[] {3, 13}, t.encode("3<eos>", SpecialTokenPolicy.ALLOW));
    assertEquals("3<eos>", t.decode(new int[] {3, 13}));
    TokenizerException plain = assertThrows(TokenizerException.class, () -> t.encode("3<eos>"));
    assertTrue(plain.getMessage().contains("'<'") && plain.getMessage().contains("index 1"), plain.getMessage());
    assertThrows(TokenizerException.class, () -> t.encode("<eos>", SpecialTokenPolicy.REJECT));
    assertEquals(13, t.specialTokenId("<eos>").orElseThrow());
  }

  @Test
  void unknownCharactersAndIdsAreErrorsNamingThem() {
    TokenizerException e = assertThrows(TokenizerException.class, () -> t.encode("12x"));
    assertTrue(e.getMessage().contains("'x'") && e.getMessage().contains("U+0078") && e.getMessage().contains("index 2"),
        e.getMessage());
    TokenizerException d = assertThrows(TokenizerException.class, () -> t.decode(new int[] {0, 14}));
    assertTrue(d.getMessage().contains("14") && d.getMessage().contains("index 1"), d.getMessage());
    assertThrows(TokenizerException.class, () -> t.decode(new int[] {-3}));
  }

  @Test
  void supplementaryCharactersAreSingleTokens() {
    CharTokenizer u = CharTokenizer.fromCorpus("a😀b中", List.of());
    assertEquals("ab中😀", u.alphabet());
    assertArrayEquals(new int[] {3, 0}, u.encode("😀a"));
    assertEquals("😀a", u.decode(u.encode("😀a")));
  }

  @Test
  void roundTripsAnyTextOverItsOwnAlphabet() {
    qt().withFixedSeed(20261295L).withExamples(500).forAll(UnicodeGen.text(50)).assuming(s -> !s.isEmpty()).checkAssert(s -> {
      CharTokenizer c = CharTokenizer.fromCorpus(s, List.of());
      assertEquals(s, c.decode(c.encode(s)));
      assertEquals(s.codePointCount(0, s.length()), c.encode(s).length);
    });
  }

  @Test
  void rejectsBadAlphabets() {
    assertThrows(IllegalArgumentException.class, () -> new CharTokenizer("", List.of()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CharTokenizer("aba", List.of()));
    assertTrue(e.getMessage().contains("'a'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new CharTokenizer("a\uD800", List.of()));
    assertThrows(IllegalArgumentException.class, () -> new CharTokenizer("ab", List.of("x", "x")));
  }
}
