package org.grpo4j.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.text.Normalizer;
import org.junit.jupiter.api.Test;

/**
 * The Qwen-style fixture (NFC normalizer, Split regex + ByteLevel without regex, special tokens; built by Hugging Face
 * tokenizers 0.23): ids exactly those tokenizers gives, and decoding restores the NFC-normalized text.
 */
class QwenStyleTokenizerTest {
  static Path dir() throws URISyntaxException {
    return Path.of(QwenStyleTokenizerTest.class.getResource("/qwen-style-tokenizer/tokenizer.json").toURI())
        .getParent();
  }

  @Test
  void idsMatchHuggingFaceTokenizersAndDecodingRestoresTheNfcText() throws Exception {
    ByteLevelBpeTokenizer tok = HfTokenizerJson.load(dir().resolve("tokenizer.json"));
    JsonNode expected = new ObjectMapper().readTree(dir().resolve("expected_ids.json").toFile());
    for (int i = 0; i < expected.get("lines").size(); i++) {
      String line = expected.get("lines").get(i).asText();
      int[] want = new int[expected.get("ids").get(i).size()];
      for (int j = 0; j < want.length; j++) {
        want[j] = expected.get("ids").get(i).get(j).asInt();
      }
      int[] got = tok.encode(line, SpecialTokenPolicy.ALLOW);
      assertArrayEquals(want, got, "line " + i + ": " + line);
      assertEquals(Normalizer.normalize(line, Normalizer.Form.NFC), tok.decode(got, InvalidUtf8Policy.THROW));
    }
  }

  @Test
  void decomposedTextEncodesAsItsNfcForm() throws Exception {
    ByteLevelBpeTokenizer tok = HfTokenizerJson.load(dir().resolve("tokenizer.json"));
    String composed = "caf\u00e9 na\u00efve";
    String decomposed = Normalizer.normalize(composed, Normalizer.Form.NFD);
    assertArrayEquals(tok.encode(composed, SpecialTokenPolicy.ALLOW), tok.encode(decomposed, SpecialTokenPolicy.ALLOW));
    assertEquals(composed, tok.decode(tok.encode(decomposed, SpecialTokenPolicy.ALLOW), InvalidUtf8Policy.THROW));
  }
}
