package org.grpo4j.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

class Utf8AndAlphabetTest {

  private static boolean jdkAcceptsStrictly(byte[] b) {
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  @Test
  void validatorAgreesWithJdkStrictDecoderOnRandomBytes() {
    var bytes = Generate.byteArrays(integers().between(0, 12),
        Generate.pick(java.util.List.of((byte) 0x41, (byte) 0x80, (byte) 0x8F, (byte) 0x90, (byte) 0x9F,
            (byte) 0xA0, (byte) 0xBF, (byte) 0xC0, (byte) 0xC2, (byte) 0xDF, (byte) 0xE0, (byte) 0xED, (byte) 0xEF,
            (byte) 0xF0, (byte) 0xF4, (byte) 0xF5, (byte) 0xFF)));
    qt().withFixedSeed(20261297L).withExamples(5000).forAll(bytes).checkAssert(b ->
        assertEquals(jdkAcceptsStrictly(b), Utf8.firstInvalid(b, 0, b.length) < 0, java.util.Arrays.toString(b)));
  }

  @Test
  void validatorAcceptsAllEncodedText() {
    qt().withFixedSeed(20261398L).withExamples(1000).forAll(UnicodeGen.text(40)).checkAssert(s -> {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      assertEquals(-1, Utf8.firstInvalid(b, 0, b.length));
    });
  }

  @Test
  void knownInvalidSequencesAreFoundAtTheirOffset() {
    assertEquals(1, Utf8.firstInvalid(new byte[] {'a', (byte) 0xC0, (byte) 0x80}, 0, 3), "overlong");
    assertEquals(0, Utf8.firstInvalid(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, 0, 3), "surrogate");
    assertEquals(2, Utf8.firstInvalid(new byte[] {'a', 'b', (byte) 0xE2, (byte) 0x82}, 0, 4), "truncated");
    assertEquals(0, Utf8.firstInvalid(new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, 0, 4));
    TokenizerException e = assertThrows(TokenizerException.class,
        () -> Utf8.decodeStrict(new byte[] {'x', (byte) 0xFF}, 0, 2, "line 7 of input"));
    assertEquals("line 7 of input is not valid UTF-8: malformed byte 0xFF at byte offset 1", e.getMessage());
  }

  @Test
  void byteAlphabetIsGpt2sBijection() {
    Set<Character> chars = new HashSet<>();
    for (int b = 0; b < 256; b++) {
      char c = ByteLevelAlphabet.charOf(b);
      chars.add(c);
      assertEquals(b, ByteLevelAlphabet.byteOf(c));
      assertFalse(Character.isWhitespace(c) || Character.isISOControl(c), "printable: " + (int) c);
    }
    assertEquals(256, chars.size());
    assertEquals('Ġ', ByteLevelAlphabet.charOf(' '));
    assertEquals('Ċ', ByteLevelAlphabet.charOf('\n'));
    assertEquals('Ā', ByteLevelAlphabet.charOf(0));
    assertEquals('A', ByteLevelAlphabet.charOf('A'));
    assertArrayEquals(new byte[] {' ', 'a'}, ByteLevelAlphabet.decodeOrNull("Ġa"));
    assertNull(ByteLevelAlphabet.decodeOrNull("中"));
    assertThrows(IllegalArgumentException.class, () -> ByteLevelAlphabet.charOf(256));
  }

  @Test
  void wordCacheStaysCorrectAcrossEvictions() {
    WordCache cache = new WordCache();
    IntList ids = new IntList(4);
    for (int i = 0; i < 300_000; i++) {
      String key = "w" + i;
      int h = WordCache.hash(key, 0, key.length());
      ids.clear();
      ids.add(i);
      ids.add(-i);
      cache.put(key, 0, key.length(), h, ids, 0);
    }
    IntList out = new IntList(4);
    String last = "w299999";
    assertEquals(true, cache.appendTo(last, 0, last.length(), WordCache.hash(last, 0, 7), out));
    assertEquals(299_999, out.get(0));
    assertEquals(-299_999, out.get(1));
    assertFalse(cache.appendTo("w1", 0, 2, WordCache.hash("w1", 0, 2), out), "evicted when the cache started over");
    assertEquals(true, cache.size() < 1 << 18);
  }
}
