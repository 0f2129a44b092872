package org.grpo4j.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class Gpt2FixtureTest {

  private static int[] parseIds(String line) {
    return line.isEmpty() ? new int[0] : Arrays.stream(line.split(" ")).mapToInt(Integer::parseInt).toArray();
  }

  @Test
  void encodesSampleExactlyLikeHuggingFaceAndGpt3Encoder() throws Exception {
    String text = Files.readString(TestResources.path("gpt2-bpe/sample.txt"));
    String[] lines = text.split("\n", -1);
    String[] idLines = Files.readString(TestResources.path("gpt2-bpe/sample.ids")).split("\n", -1);
    assertEquals(6, lines.length, "sample.txt: five lines and the empty piece after the final newline");
    for (int i = 0; i < lines.length; i++) {
      int[] expected = parseIds(idLines[i]);
      assertArrayEquals(expected, TestResources.gpt2().encode(lines[i]), "line " + (i + 1) + ": " + lines[i]);
      assertEquals(lines[i], TestResources.gpt2().decode(expected), "decode of line " + (i + 1));
    }
  }

  @Test
  void referenceEncoderAgreesWithFixtureToo() throws Exception {
    ReferenceBpeEncoder ref = ReferenceBpeEncoder.of(TestResources.gpt2().model());
    String[] lines = Files.readString(TestResources.path("gpt2-bpe/sample.txt")).split("\n", -1);
    String[] idLines = Files.readString(TestResources.path("gpt2-bpe/sample.ids")).split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      assertArrayEquals(parseIds(idLines[i]), ref.encode(lines[i]), "line " + (i + 1));
    }
  }

  @Test
  void knownSmallEncodings() {
    Tokenizer t = TestResources.gpt2();
    assertArrayEquals(new int[] {15496, 995}, t.encode("Hello world"));
    assertEquals(50257, t.vocabSize());
    assertEquals(50256, t.specialTokenId("<|endoftext|>").orElseThrow());
  }
}
