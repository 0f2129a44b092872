package org.grpo4j.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SpecialTokensAndDecodeTest {

  private final ByteLevelBpeTokenizer t = TestResources.gpt2();

  @Test
  void specialTokenTextIsPlainTextByDefault() {
    int[] ids = t.encode("a<|endoftext|>b");
    assertTrue(Arrays.stream(ids).noneMatch(id -> id == 50256), Arrays.toString(ids));
    assertTrue(ids.length > 3, "plain text splits the marker into several tokens: " + Arrays.toString(ids));
    assertArrayEquals(ids, t.encode("a<|endoftext|>b", SpecialTokenPolicy.AS_TEXT));
  }

  @Test
  void allowEncodesSpecialTokenAsItsId() {
    int[] a = t.encode("a", SpecialTokenPolicy.ALLOW);
    int[] b = t.encode("b", SpecialTokenPolicy.ALLOW);
    int[] ids = t.encode("a<|endoftext|>b", SpecialTokenPolicy.ALLOW);
    assertArrayEquals(new int[] {a[0], 50256, b[0]}, ids);
    assertArrayEquals(new int[] {50256, 50256}, t.encode("<|endoftext|><|endoftext|>", SpecialTokenPolicy.ALLOW));
    assertEquals("<|endoftext|>", t.decode(new int[] {50256}));
  }

  @Test
  void textAroundSpecialTokenIsPreTokenizedAsSeparateSegments() {
    // " world" after the marker keeps its leading space; the trailing space before the marker stands alone.
    int[] ids = t.encode("Hello <|endoftext|> world", SpecialTokenPolicy.ALLOW);
    int[] hello = t.encode("Hello ");
    int[] world = t.encode(" world");
    int[] expected = new int[hello.length + 1 + world.length];
    System.arraycopy(hello, 0, expected, 0, hello.length);
    expected[hello.length] = 50256;
    System.arraycopy(world, 0, expected, hello.length + 1, world.length);
    assertArrayEquals(expected, ids);
  }

  @Test
  void rejectPolicyNamesTheTokenAndIndex() {
    TokenizerException e = assertThrows(TokenizerException.class,
        () -> t.encode("abc<|endoftext|>", SpecialTokenPolicy.REJECT));
    assertTrue(e.getMessage().contains("<|endoftext|>") && e.getMessage().contains("index 3"), e.getMessage());
    assertArrayEquals(t.encode("abc"), t.encode("abc", SpecialTokenPolicy.REJECT));
  }

  @Test
  void decodeRejectsIdsOutsideTheVocabularyNamingThem() {
    TokenizerException e = assertThrows(TokenizerException.class, () -> t.decode(new int[] {15496, 50257}));
    assertTrue(e.getMessage().contains("50257") && e.getMessage().contains("index 1"), e.getMessage());
    TokenizerException neg = assertThrows(TokenizerException.class, () -> t.decodeBytes(new int[] {-1}));
    assertTrue(neg.getMessage().contains("-1"), neg.getMessage());
  }

  @Test
  void decodeOfInvalidUtf8ThrowsOrReplacesAsAsked() {
    int lead = -1; // the single-byte token for 0xC3, the lead byte of "é"
    for (int id = 0; id < t.vocabSize() && lead < 0; id++) {
      lead = Arrays.equals(t.model().tokenBytes(id), new byte[] {(byte) 0xC3}) ? id : -1;
    }
    assertTrue(lead >= 0, "GPT-2 has a token for every single byte");
    int[] broken = {15496, lead};
    TokenizerException e = assertThrows(TokenizerException.class, () -> t.decode(broken));
    assertTrue(e.getMessage().contains("byte offset 5") && e.getMessage().contains("index 1"), e.getMessage());
    assertEquals("Hello\uFFFD", t.decode(broken, InvalidUtf8Policy.REPLACE));
    assertArrayEquals(new byte[] {'H', 'e', 'l', 'l', 'o', (byte) 0xC3}, t.decodeBytes(broken));
  }

  @Test
  void encodeRejectsUnpairedSurrogates() {
    assertThrows(TokenizerException.class, () -> t.encode("ok \uDFFF"));
  }

  @Test
  void encodeRejectsNullArguments() {
    assertThrows(IllegalArgumentException.class, () -> t.encode(null));
    assertThrows(IllegalArgumentException.class, () -> t.encode("x", null));
  }
}
