package org.grpo4j.tokenizer.tool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.grpo4j.tokenizer.CharTokenizer;
import org.grpo4j.tokenizer.Gpt2Files;
import org.grpo4j.tokenizer.SpecialTokenPolicy;
import org.grpo4j.tokenizer.Tokenizer;
import org.grpo4j.tokenizer.TokenizerException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LineCodecTest {

  private static Tokenizer gpt2;
  private static Path dir;

  @BeforeAll
  static void load() throws URISyntaxException {
    dir = Path.of(LineCodecTest.class.getResource("/gpt2-bpe/vocab.json").toURI()).getParent();
    gpt2 = new TokenizerSource(dir.resolve("vocab.json"), dir.resolve("merges.txt"), null, null).load();
  }

  private static String encode(Tokenizer t, byte[] input) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LineCodec.encode(t, SpecialTokenPolicy.AS_TEXT, new ByteArrayInputStream(input), "input", out);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static byte[] decode(Tokenizer t, String ids) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LineCodec.decode(t, new ByteArrayInputStream(ids.getBytes(StandardCharsets.UTF_8)), "ids", out);
    return out.toByteArray();
  }

  @Test
  void encodingSampleTxtReproducesSampleIdsByteForByte() throws Exception {
    byte[] text = Files.readAllBytes(dir.resolve("sample.txt"));
    assertEquals(Files.readString(dir.resolve("sample.ids")), encode(gpt2, text));
  }

  @Test
  void decodingSampleIdsReproducesSampleTxtByteForByte() throws Exception {
    assertArrayEquals(Files.readAllBytes(dir.resolve("sample.txt")),
        decode(gpt2, Files.readString(dir.resolve("sample.ids"))));
  }

  @Test
  void carriageReturnsStayInTheirLineAndEmptyInputIsOneEmptyLine() {
    String ids = encode(gpt2, "a\r\nb".getBytes(StandardCharsets.UTF_8));
    assertEquals(gpt2.encode("a\r")[0] + " " + gpt2.encode("a\r")[1] + "\n" + gpt2.encode("b")[0] + "\n", ids);
    assertEquals("\n", encode(gpt2, new byte[0]));
    assertArrayEquals("a\r\nb".getBytes(StandardCharsets.UTF_8), decode(gpt2, ids));
  }

  @Test
  void specialTokenPolicyIsPassedThrough() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LineCodec.encode(gpt2, SpecialTokenPolicy.ALLOW,
        new ByteArrayInputStream("<|endoftext|>".getBytes(StandardCharsets.UTF_8)), "in", out);
    assertEquals("50256\n", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void invalidUtf8InputNamesTheLine() {
    byte[] input = {'o', 'k', '\n', 'b', 'a', (byte) 0xC3, 'd', '\n'};
    TokenizerException e = assertThrows(TokenizerException.class, () -> encode(gpt2, input));
    assertTrue(e.getMessage().contains("input line 2") && e.getMessage().contains("0xC3"), e.getMessage());
  }

  @Test
  void badIdsNameTheLine() {
    TokenizerException e = assertThrows(TokenizerException.class, () -> decode(gpt2, "15496\n15496 x1\n"));
    assertTrue(e.getMessage().contains("ids line 2") && e.getMessage().contains("'x1'"), e.getMessage());
    TokenizerException out = assertThrows(TokenizerException.class, () -> decode(gpt2, "1\n2\n99999\n"));
    assertTrue(out.getMessage().contains("ids line 3") && out.getMessage().contains("99999"), out.getMessage());
  }

  @Test
  void openNamesAMissingInputFile() {
    TokenizerException e = assertThrows(TokenizerException.class, () -> LineCodec.open(dir.resolve("no-such.txt")));
    assertTrue(e.getMessage().contains("input file not found") && e.getMessage().contains("no-such.txt"),
        e.getMessage());
  }

  @Test
  void parseIdsToleratesExtraSpacesButNotJunk() {
    assertArrayEquals(new int[] {1, 22, 333}, LineCodec.parseIds(" 1  22 333\r"));
    assertArrayEquals(new int[0], LineCodec.parseIds(""));
    assertThrows(TokenizerException.class, () -> LineCodec.parseIds("1,2"));
  }

  @Test
  void worksWithTheCharTokenizerToo() {
    Tokenizer c = new CharTokenizer("ab\n", List.of());
    assertEquals("0 1\n1\n", encode(c, "ab\nb".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void sourceMustNameExactlyOneTokenizer() {
    Path v = dir.resolve("vocab.json");
    TokenizerException none = assertThrows(TokenizerException.class, () -> new TokenizerSource(null, null, null, null));
    assertTrue(none.getMessage().contains("got none"), none.getMessage());
    assertThrows(TokenizerException.class, () -> new TokenizerSource(v, null, null, null));
    assertThrows(TokenizerException.class, () -> new TokenizerSource(v, v, v, null));
    assertThrows(TokenizerException.class, () -> new TokenizerSource(null, null, v, v));
    assertEquals(Gpt2Files.load(v, dir.resolve("merges.txt")).vocabSize(), gpt2.vocabSize());
  }
}
