package org.grpo4j.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HfTokenizerJsonTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  private static ObjectNode base;
  private static ByteLevelBpeTokenizer hf;

  /** Converts GPT-2 vocab.json + merges.txt into a Hugging Face tokenizer.json with two extra added tokens. */
  @BeforeAll
  static void convert() throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    ArrayNode added = root.putArray("added_tokens");
    added.add(addedToken(50256, "<|endoftext|>", true));
    added.add(addedToken(50257, "<|im_start|>", true));
    added.add(addedToken(50258, "[NOTE]", false));
    root.putNull("normalizer");
    root.putObject("pre_tokenizer").put("type", "ByteLevel").put("add_prefix_space", false)
        .put("trim_offsets", true).put("use_regex", true);
    root.putObject("post_processor").put("type", "ByteLevel").put("add_prefix_space", true)
        .put("trim_offsets", false).put("use_regex", true);
    root.putObject("decoder").put("type", "ByteLevel").put("add_prefix_space", true).put("trim_offsets", true)
        .put("use_regex", true);
    ObjectNode model = root.putObject("model");
    model.put("type", "BPE").putNull("dropout");
    model.putNull("unk_token").putNull("continuing_subword_prefix").putNull("end_of_word_suffix");
    model.put("fuse_unk", false).put("byte_fallback", false);
    model.set("vocab", JSON.readTree(TestResources.gpt2Vocab().toFile()));
    ArrayNode merges = model.putArray("merges");
    for (String line : Files.readAllLines(TestResources.gpt2Merges())) {
      if (!line.startsWith("#version") && !line.isEmpty()) {
        merges.add(line);
      }
    }
    base = root;
    hf = HfTokenizerJson.load(write("tokenizer.json", root));
  }

  private static ObjectNode addedToken(int id, String content, boolean special) {
    ObjectNode t = JSON.createObjectNode();
    t.put("id", id).put("content", content).put("single_word", false).put("lstrip", false).put("rstrip", false)
        .put("normalized", false).put("special", special);
    return t;
  }

  private static Path write(String name, ObjectNode root) throws IOException {
    Path p = dir.resolve(name);
    JSON.writeValue(p.toFile(), root);
    return p;
  }

  private static Path variant(String name, Consumer<ObjectNode> edit) throws IOException {
    ObjectNode copy = base.deepCopy();
    edit.accept(copy);
    return write(name, copy);
  }

  @Test
  void encodesSampleIdenticallyToVocabAndMerges() throws IOException {
    for (String line : Files.readString(TestResources.path("gpt2-bpe/sample.txt")).split("\n", -1)) {
      assertArrayEquals(TestResources.gpt2().encode(line), hf.encode(line), line);
    }
    assertEquals(50259, hf.vocabSize());
  }

  @Test
  void encodesArbitraryUnicodeIdenticallyToVocabAndMerges() {
    qt().withFixedSeed(20261297L).withExamples(500).forAll(UnicodeGen.text(40)).checkAssert(s -> {
      assertArrayEquals(TestResources.gpt2().encode(s), hf.encode(s), UnicodeGen.escape(s));
      assertEquals(s, hf.decode(hf.encode(s)));
    });
  }

  @Test
  void addedSpecialTokensFollowThePolicyAndNonSpecialOnesAlwaysMatch() {
    assertArrayEquals(new int[] {50257}, hf.encode("<|im_start|>", SpecialTokenPolicy.ALLOW));
    assertTrue(hf.encode("<|im_start|>").length > 1);
    assertEquals(50257, hf.specialTokenId("<|im_start|>").orElseThrow());
    assertTrue(hf.specialTokenId("[NOTE]").isEmpty(), "a non-special added token is not special");
    int[] ids = hf.encode("x[NOTE]y");
    assertEquals(50258, ids[1]);
    assertEquals("x[NOTE]y<|im_start|>", hf.decode(hf.encode("x[NOTE]y<|im_start|>", SpecialTokenPolicy.ALLOW)));
  }

  @Test
  void mergesAsArraysAreAccepted() throws IOException {
    Path p = variant("arrays.json", root -> {
      ArrayNode pairs = JSON.createArrayNode();
      root.get("model").get("merges").forEach(m -> {
        String[] parts = m.asText().split(" ");
        pairs.addArray().add(parts[0]).add(parts[1]);
      });
      ((ObjectNode) root.get("model")).set("merges", pairs);
    });
    String s = "Arrays of merges: naïve 中文 😀 12345";
    assertArrayEquals(TestResources.gpt2().encode(s), HfTokenizerJson.load(p).encode(s));
  }

  private static void assertRejected(Path p, String... parts) {
    TokenizerException e = assertThrows(TokenizerException.class, () -> HfTokenizerJson.load(p));
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
    }
  }

  @Test
  void unsupportedComponentsAreRejectedByName() throws IOException {
    assertRejected(variant("wp.json", r -> ((ObjectNode) r.get("model")).put("type", "WordPiece")),
        "model.type", "WordPiece");
    assertRejected(variant("prefix.json", r -> ((ObjectNode) r.get("pre_tokenizer")).put("add_prefix_space", true)),
        "add_prefix_space");
    assertRejected(variant("meta.json", r -> ((ObjectNode) r.get("pre_tokenizer")).put("type", "Metaspace")),
        "pre_tokenizer", "Metaspace");
    assertRejected(variant("norm.json", r -> r.putObject("normalizer").put("type", "NFKD")), "normalizer");
    assertRejected(variant("dec.json", r -> r.putNull("decoder")), "decoder");
    assertRejected(variant("lstrip.json", r -> ((ObjectNode) r.get("added_tokens").get(1)).put("lstrip", true)),
        "added_tokens[1]", "lstrip");
  }

  @Test
  void malformedFilesAreRejectedNamingTheProblem() throws IOException {
    Path bad = Files.writeString(dir.resolve("bad.json"), "{\"model\": {\"type\": \"BPE\",\n\"vocab\": [}");
    assertRejected(bad, "bad.json", "malformed JSON", "line 2");
    assertRejected(dir.resolve("absent.json"), "tokenizer file not found", "absent.json");
    assertRejected(variant("merge.json", r -> ((ArrayNode) r.get("model").get("merges")).insert(0, "Ġ zzzq")),
        "model.merges[0]", "zzzq");
    assertRejected(variant("nomodel.json", r -> r.remove("model")), "missing object 'model'");
    assertRejected(variant("clash.json", r -> ((ObjectNode) r.get("added_tokens").get(0)).put("id", 100)),
        "id 100");
  }

  @Test
  void idsBeyondAnyVocabularyAreRefusedBeforeSizingATable() throws IOException {
    assertRejected(variant("hugeid.json", r -> ((ObjectNode) r.get("model").get("vocab")).put("a", 2_000_000_000)),
        "hugeid.json", "'a'", "2000000000", "0..16777215");
    assertRejected(variant("hugeadded.json",
        r -> ((ObjectNode) r.get("added_tokens").get(0)).put("id", 2_000_000_000)),
        "hugeadded.json", "added_tokens[0]", "id 2000000000", "0..16777215");
  }
}
