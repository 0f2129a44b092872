package org.grpo4j.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SentencePiece-style BPE on the hand-written {@link SentencePieceFixture}. The expected ids are derived by hand from
 * the Hugging Face format's rules (Metaspace marking, lowest-rank-leftmost merging, {@code <0xXX>} byte fallback), not
 * produced by Hugging Face itself; each derivation is spelled out beside its case.
 */
class SentencePieceTokenizerTest {

  @TempDir Path dir;

  private SentencePieceBpeTokenizer metaspace(String scheme, boolean split) throws IOException {
    return SentencePieceFixture.load(dir, "m.json", SentencePieceFixture.metaspace(scheme, split));
  }

  @Test
  void mergesByRankNotLeftToRight() throws IOException {
    // "▁hello": ▁ h e l l o; rank 0 (l o) first -> ▁ h e l lo; rank 1 (h e) -> ▁ he l lo; rank 2 (l l) is gone;
    // rank 4 (▁ he) -> ▁he l lo = 271 262 268. "▁world" merges up to ▁world = 276.
    assertArrayEquals(new int[] {271, 262, 268, 276}, metaspace("first", true).encode("hello world"));
  }

  @Test
  void splitKeepsMergesInsideOnePiece() throws IOException {
    // Split on ▁: "▁hello" "▁" "▁world" -> ... 259 276. Without split, rank 3 (▁ ▁) merges the two spaces first
    // and ▁world can no longer form: ▁▁ w or l d = 277 264 273 262 266.
    assertArrayEquals(new int[] {271, 262, 268, 259, 276}, metaspace("first", true).encode("hello  world"));
    assertArrayEquals(new int[] {271, 262, 268, 277, 264, 273, 262, 266},
        metaspace("first", false).encode("hello  world"));
  }

  @Test
  void prependSchemesAroundSpecialTokens() throws IOException {
    // first: the segment after <s> does not start the text, so no ▁: he l lo. always: ▁he l lo. never: he l lo.
    assertArrayEquals(new int[] {1, 269, 262, 268}, metaspace("first", true).encode("<s>hello",
        SpecialTokenPolicy.ALLOW));
    assertArrayEquals(new int[] {1, 271, 262, 268}, metaspace("always", true).encode("<s>hello",
        SpecialTokenPolicy.ALLOW));
    assertArrayEquals(new int[] {269, 262, 268}, metaspace("never", true).encode("hello"));
    // A segment already starting with a space is not given a second ▁ by Metaspace ...
    assertArrayEquals(new int[] {1, 271, 262, 268}, metaspace("always", false).encode("<s> hello",
        SpecialTokenPolicy.ALLOW));
    // ... but the legacy Prepend normalizer always prepends: ▁ ▁ h e l l o -> ▁▁ he l lo.
    SentencePieceBpeTokenizer legacy = SentencePieceFixture.load(dir, "l.json", SentencePieceFixture.legacy());
    assertArrayEquals(new int[] {1, 277, 269, 262, 268}, legacy.encode("<s> hello", SpecialTokenPolicy.ALLOW));
    assertArrayEquals(new int[] {271, 262, 268, 276}, legacy.encode("hello world"));
  }

  @Test
  void byteFallbackForCharactersOutsideTheVocabulary() throws IOException {
    // € is E2 82 AC: ids 3 + 0xE2, 3 + 0x82, 3 + 0xAC; é is in the vocabulary (267); 😀 is F0 9F 98 80.
    SentencePieceBpeTokenizer tok = metaspace("first", true);
    int[] ids = tok.encode("hé€😀");
    assertArrayEquals(new int[] {259, 260, 267, 229, 133, 175, 3 + 0xF0, 3 + 0x9F, 3 + 0x98, 3 + 0x80}, ids);
    assertEquals("hé€😀", tok.decode(ids));
  }

  @Test
  void decoderChainRestoresSpacesBytesAndSpecials() throws IOException {
    SentencePieceBpeTokenizer tok = metaspace("first", true);
    assertEquals("hello  world", tok.decode(new int[] {271, 262, 268, 259, 276}));
    // Special tokens are decoded as their content; Strip removes only a leading space of the fused text.
    assertEquals("<s> hello</s>", tok.decode(new int[] {1, 271, 262, 268, 2}));
    // An invalid byte run: an error under THROW, one U+FFFD per byte token under REPLACE.
    TokenizerException e = assertThrows(TokenizerException.class, () -> tok.decode(new int[] {229, 133, 260}));
    assertTrue(e.getMessage().contains("indices 0..1"), e.getMessage());
    assertEquals("\uFFFD\uFFFDh", tok.decode(new int[] {229, 133, 260}, InvalidUtf8Policy.REPLACE));
    assertThrows(TokenizerException.class, () -> tok.decode(new int[] {278}));
  }

  @Test
  void metaspaceDecoderDropsTheFirstTokensMarks() throws IOException {
    ObjectNode root = SentencePieceFixture.metaspace("first", true);
    root.putObject("decoder").put("type", "Metaspace").put("replacement", "▁").put("prepend_scheme", "first");
    SentencePieceBpeTokenizer tok = SentencePieceFixture.load(dir, "d.json", root);
    assertEquals("hello world", tok.decode(new int[] {271, 262, 268, 276}));
    assertEquals("he", tok.decode(new int[] {277, 269}));
  }

  @Test
  void unknownCharactersWithoutByteFallback() throws IOException {
    ObjectNode root = SentencePieceFixture.metaspace("first", true);
    ((ObjectNode) root.path("model")).put("byte_fallback", false);
    // With fuse_unk two unknown characters make one <unk>; without it, one each.
    assertArrayEquals(new int[] {259, 260, 0, 261}, SentencePieceFixture.load(dir, "u.json", root).encode("h€€e"));
    ((ObjectNode) root.path("model")).put("fuse_unk", false);
    assertArrayEquals(new int[] {259, 260, 0, 0, 261},
        SentencePieceFixture.load(dir, "u2.json", root).encode("h€€e"));
    ((ObjectNode) root.path("model")).putNull("unk_token");
    TokenizerException e = assertThrows(TokenizerException.class,
        () -> SentencePieceFixture.load(dir, "u3.json", root).encode("h€"));
    assertTrue(e.getMessage().contains("U+20AC"), e.getMessage());
  }

  @Test
  void specialTokenPoliciesAndInvalidText() throws IOException {
    SentencePieceBpeTokenizer tok = metaspace("first", true);
    assertEquals(1, tok.specialTokenId("<s>").getAsInt());
    assertTrue(tok.encode("<s>").length > 1, "AS_TEXT spells <s> out");
    TokenizerException e = assertThrows(TokenizerException.class, () -> tok.encode("a</s>", SpecialTokenPolicy.REJECT));
    assertTrue(e.getMessage().contains("'</s>' at index 1"), e.getMessage());
    e = assertThrows(TokenizerException.class, () -> tok.encode("ab\uD800"));
    assertTrue(e.getMessage().contains("unpaired surrogate U+D800 at index 2"), e.getMessage());
  }

  @Test
  void badFilesNameTheSetting() throws IOException {
    ObjectNode noBytes = SentencePieceFixture.metaspace("first", true);
    ((ObjectNode) noBytes.path("model").path("vocab")).remove("<0x41>");
    assertMessage(noBytes, "lacks <0x41>");
    ObjectNode scheme = SentencePieceFixture.metaspace("sometimes", true);
    assertMessage(scheme, "prepend_scheme 'sometimes'");
    ObjectNode decoder = SentencePieceFixture.metaspace("first", true);
    decoder.putObject("decoder").put("type", "WordPiece");
    assertMessage(decoder, "decoder type 'WordPiece'");
    ObjectNode merge = SentencePieceFixture.metaspace("first", true);
    ((com.fasterxml.jackson.databind.node.ArrayNode) merge.path("model").path("merges")).add("w d");
    assertMessage(merge, "needs token 'wd'");
  }

  private void assertMessage(ObjectNode root, String expected) throws IOException {
    Path p = SentencePieceFixture.write(dir, "bad.json", root);
    TokenizerException e = assertThrows(TokenizerException.class, () -> HfTokenizerJson.loadAny(p).encode("x"));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void decodeInvertsEncodeForTextNotStartingWithASpace() throws IOException {
    SentencePieceBpeTokenizer split = metaspace("first", true);
    SentencePieceBpeTokenizer whole = metaspace("first", false);
    qt().withExamples(400).forAll(UnicodeGen.text(24))
        .assuming(s -> !s.startsWith(" ") && s.indexOf('\u2581') < 0)
        .checkAssert(s -> {
          int[] ids = split.encode(s);
          assertEquals(s, split.decode(ids));
          assertArrayEquals(ids, split.encode(s), "cached encoding differs");
          assertEquals(s, whole.decode(whole.encode(s)));
        });
  }
}
