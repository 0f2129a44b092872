package org.grpo4j.tokenizer;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Gpt2FilesErrorTest {

  @TempDir Path dir;

  /** A tiny but complete byte-level vocabulary: the 256 bytes plus "ab", "abc" and the end-of-text token. */
  private String tinyVocab() {
    StringBuilder sb = new StringBuilder("{");
    for (int b = 0; b < 256; b++) {
      sb.append(quote(String.valueOf(ByteLevelAlphabet.charOf(b)))).append(": ").append(b).append(", ");
    }
    return sb.append("\"ab\": 256, \"abc\": 257, \"<|endoftext|>\": 258}").toString();
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }

  private static void assertMessage(TokenizerException e, String... parts) {
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "expected '" + p + "' in: " + e.getMessage());
    }
  }

  @Test
  void tinyVocabularyLoadsAndMerges() throws IOException {
    Path v = write("vocab.json", tinyVocab());
    Path m = write("merges.txt", "#version: 0.2\na b\nab c\n");
    ByteLevelBpeTokenizer t = Gpt2Files.load(v, m);
    org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {257, 256, 32, 257}, t.encode("abcab abc"));
    org.junit.jupiter.api.Assertions.assertEquals(259, t.vocabSize());
  }

  @Test
  void missingFilesAreNamed() throws IOException {
    Path m = write("merges.txt", "a b\n");
    TokenizerException e = assertThrows(TokenizerException.class,
        () -> Gpt2Files.load(dir.resolve("nope.json"), m));
    assertMessage(e, "vocab file not found", "nope.json");
    Path v = write("vocab.json", tinyVocab());
    assertMessage(assertThrows(TokenizerException.class, () -> Gpt2Files.load(v, dir.resolve("gone.txt"))),
        "merges file not found", "gone.txt");
  }

  @Test
  void malformedJsonNamesFileLineAndColumn() throws IOException {
    Path v = write("vocab.json", "{\"a\": 0,\n \"b\": }");
    Path m = write("merges.txt", "");
    assertMessage(assertThrows(TokenizerException.class, () -> Gpt2Files.load(v, m)),
        "vocab.json", "malformed JSON", "line 2");
  }

  @Test
  void nonIntegerIdsAndNonObjectsAreRejected() throws IOException {
    Path m = write("merges.txt", "");
    Path v1 = write("v1.json", "{\"a\": \"zero\"}");
    assertMessage(assertThrows(TokenizerException.class, () -> Gpt2Files.load(v1, m)), "'a'",
        "expected an integer in 0..16777215");
    Path v2 = write("v2.json", "[1, 2]");
    assertMessage(assertThrows(TokenizerException.class, () -> Gpt2Files.load(v2, m)), "must be a JSON object");
  }

  @Test
  void anIdBeyondAnyVocabularyIsNamedBeforeSizingATable() throws IOException {
    Path m = write("merges.txt", "");
    Path v = write("huge.json", "{\"a\": 0, \"b\": 2000000000}");
    assertMessage(assertThrows(TokenizerException.class, () -> Gpt2Files.load(v, m)), "vocab file", "huge.json",
        "'b' has id 2000000000", "0..16777215");
  }

  @Test
  void vocabularyWithoutAllBytesIsRejected() throws IOException {
    Path v = write("vocab.json", "{\"a\": 0, \"b\": 1}");
    Path m = write("merges.txt", "");
    assertMessage(assertThrows(TokenizerException.class, () -> Gpt2Files.load(v, m)), "lacks the byte-level token",
        "0x00");
  }

  @Test
  void malformedMergeLineIsNamedByLineNumber() throws IOException {
    Path v = write("vocab.json", tinyVocab());
    Path m = write("merges.txt", "#version: 0.2\na b\nabc\n");
    assertMessage(assertThrows(TokenizerException.class, () -> Gpt2Files.load(v, m)), "merges.txt line 3",
        "two tokens", "'abc'");
  }

  @Test
  void mergeOfUnknownTokenIsNamedByLineNumber() throws IOException {
    Path v = write("vocab.json", tinyVocab());
    Path m = write("merges.txt", "a b\nb c\n");
    assertMessage(assertThrows(TokenizerException.class, () -> Gpt2Files.load(v, m)), "merges.txt line 2",
        "'bc'", "not in the vocabulary");
  }

  @Test
  void invalidUtf8InMergesNamesTheLine() throws IOException {
    Path v = write("vocab.json", tinyVocab());
    Path m = Files.write(dir.resolve("merges.txt"), new byte[] {'a', ' ', 'b', '\n', 'a', ' ', (byte) 0xFF, '\n'});
    assertMessage(assertThrows(TokenizerException.class, () -> Gpt2Files.load(v, m)), "merges.txt",
        "not valid UTF-8", "0xFF", "line 2");
  }

  @Test
  void invalidUtf8InVocabNamesTheFile() throws IOException {
    Path v = Files.write(dir.resolve("vocab.json"), new byte[] {'{', '"', (byte) 0xC3, '"', ':', '0', '}'});
    Path m = write("merges.txt", "");
    assertMessage(assertThrows(TokenizerException.class, () -> Gpt2Files.load(v, m)), "vocab.json",
        "not valid UTF-8", "0xC3", "line 1");
  }

  @Test
  void tokenOutsideTheByteAlphabetIsRejected() throws IOException {
    Path v = write("vocab.json", tinyVocab().replace("\"abc\": 257", "\"a c\": 257"));
    Path m = write("merges.txt", "");
    assertMessage(assertThrows(TokenizerException.class, () -> Gpt2Files.load(v, m)), "'a c'", "U+0020");
  }

  @Test
  void duplicateIdsAreRejected() throws IOException {
    Path v = write("vocab.json", tinyVocab().replace("\"abc\": 257", "\"abc\": 256"));
    Path m = write("merges.txt", "");
    assertMessage(assertThrows(TokenizerException.class, () -> Gpt2Files.load(v, m)), "share id 256");
  }
}
