package org.grpo4j.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Llama-2-shaped fixtures built and trained by Hugging Face tokenizers 0.23 ({@code llama-style-tokenizer/}: the
 * legacy Prepend + Replace normalizer and the Metaspace "first" pre-tokenizer over one byte-fallback BPE model): ids
 * and decoded text exactly those tokenizers gives.
 */
class LlamaStyleTokenizerFixtureTest {

  private static Tokenizer load(String form) {
    return HfTokenizerJson.loadAny(TestResources.path("llama-style-tokenizer/" + form + "/tokenizer.json"));
  }

  private static JsonNode expected(String form) throws IOException {
    return new ObjectMapper().readTree(TestResources.path("llama-style-tokenizer/" + form + "/expected_ids.json")
        .toFile());
  }

  private static int[] ints(JsonNode array) {
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).intValue();
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"legacy", "metaspace"})
  void loadsAsSentencePieceWithLlamaSpecials(String form) {
    Tokenizer tok = load(form);
    assertInstanceOf(SentencePieceBpeTokenizer.class, tok);
    assertEquals(Map.of("<unk>", 0, "<s>", 1, "</s>", 2), tok.specialTokens());
    assertEquals(775, tok.vocabSize());
  }

  @ParameterizedTest
  @ValueSource(strings = {"legacy", "metaspace"})
  void idsAndDecodedTextMatchHuggingFaceTokenizers(String form) throws IOException {
    Tokenizer tok = load(form);
    JsonNode want = expected(form);
    JsonNode lines = want.get("lines");
    assertTrue(lines.size() >= 30, "fixture holds " + lines.size() + " lines");
    int byteTokens = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).asText();
      int[] ids = ints(want.get("ids").get(i));
      for (int id : ids) {
        byteTokens += id >= 3 && id <= 258 ? 1 : 0;
      }
      assertArrayEquals(ids, tok.encode(line, SpecialTokenPolicy.ALLOW), form + " line " + i + ": " + line);
      assertEquals(want.get("decoded").get(i).asText(), tok.decode(ids, InvalidUtf8Policy.THROW),
          form + " decode of line " + i + ": " + line);
    }
    assertTrue(byteTokens > 50, "byte fallback fires in the fixture (" + byteTokens + " byte tokens)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"legacy", "metaspace"})
  void decodingArbitraryIdsMatchesHuggingFaceTokenizers(String form) throws IOException {
    Tokenizer tok = load(form);
    JsonNode want = expected(form);
    for (int i = 0; i < want.get("decode_ids").size(); i++) {
      int[] ids = ints(want.get("decode_ids").get(i));
      assertEquals(want.get("decode_text").get(i).asText(), tok.decode(ids, InvalidUtf8Policy.REPLACE),
          form + " decode case " + i);
    }
  }
}
