package org.grpo4j.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BpeModelFileTest {

  @TempDir Path dir;

  private static final String VALID = "grpo4j-bpe v1\npattern gpt2\nmerges 2\n97 97\n256 98\nspecials 1\n258 <|end of text|>\n";

  private void assertRejected(String content, String... parts) throws IOException {
    Path f = Files.writeString(dir.resolve("tokenizer.model"), content);
    TokenizerException e = assertThrows(TokenizerException.class, () -> BpeModelFile.load(f));
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "expected '" + p + "' in: " + e.getMessage());
    }
  }

  @Test
  void saveThenLoadRestoresMergesSpecialsAndEncoding() {
    String corpus = "low lower lowest newer wider 中文中文 😀😀 " + "<|endoftext|>";
    TrainedBpe bpe = BpeTrainer.train(corpus.repeat(3), 300, List.of("<|endoftext|>", "<pad>"), TrainingProgress.none());
    Path file = BpeModelFile.save(bpe, dir.resolve("model"));
    assertTrue(Files.isRegularFile(dir.resolve("model").resolve(BpeModelFile.VOCAB_FILE)));
    TrainedBpe loaded = BpeModelFile.load(dir.resolve("model"));
    assertEquals(bpe, loaded);
    assertEquals(loaded, BpeModelFile.load(file));
    assertArrayEquals(bpe.tokenizer().encode(corpus, SpecialTokenPolicy.ALLOW),
        loaded.tokenizer().encode(corpus, SpecialTokenPolicy.ALLOW));
  }

  @Test
  void aFailedSaveLeavesTheEarlierModelAsItWas() throws IOException {
    TrainedBpe bpe = BpeTrainer.train("low lower lowest ".repeat(5), 260, List.of(), TrainingProgress.none());
    Path out = Files.createDirectories(dir.resolve("out"));
    Files.writeString(out.resolve(BpeModelFile.MODEL_FILE), VALID);
    Files.createDirectory(out.resolve(BpeModelFile.VOCAB_FILE));
    TokenizerException e = assertThrows(TokenizerException.class, () -> BpeModelFile.save(bpe, out));
    assertTrue(e.getMessage().contains(out.resolve(BpeModelFile.VOCAB_FILE) + " is a directory"), e.getMessage());
    assertEquals(VALID, Files.readString(out.resolve(BpeModelFile.MODEL_FILE)));
    try (var files = Files.list(out)) {
      assertEquals(2, files.count(), "no temporary files left");
    }
  }

  @Test
  void saveReplacesBothFilesAndLeavesNoTemporaryFiles() throws IOException {
    TrainedBpe bpe = BpeTrainer.train("low lower lowest ".repeat(5), 260, List.of(), TrainingProgress.none());
    Path out = Files.createDirectories(dir.resolve("out"));
    Files.writeString(out.resolve(BpeModelFile.MODEL_FILE), VALID);
    Files.writeString(out.resolve(BpeModelFile.VOCAB_FILE), "old\n");
    BpeModelFile.save(bpe, out);
    assertEquals(bpe, BpeModelFile.load(out));
    assertTrue(Files.readString(out.resolve(BpeModelFile.VOCAB_FILE)).startsWith("0\t"));
    try (var files = Files.list(out)) {
      assertEquals(2, files.count(), "no temporary files left");
    }
  }

  @Test
  void handWrittenFileLoadsWithSpecialContainingSpaces() throws IOException {
    Path f = Files.writeString(dir.resolve("tokenizer.model"), VALID);
    TrainedBpe bpe = BpeModelFile.load(f);
    assertEquals(List.of(new Merge(97, 97, 256), new Merge(256, 98, 257)), bpe.merges());
    assertEquals(List.of("<|end of text|>"), bpe.specialTokens());
    assertArrayEquals(new int[] {257, 258}, bpe.tokenizer().encode("aab<|end of text|>", SpecialTokenPolicy.ALLOW));
  }

  @Test
  void rejectsOtherVersionsAndHeaders() throws IOException {
    assertRejected(VALID.replace("v1", "v2"), "line 1", "unsupported format version", "grpo4j-bpe v2");
    assertRejected("minbpe v1\n", "line 1", "expected the header");
    assertRejected(VALID.replace("pattern gpt2", "pattern gpt4"), "line 2", "pattern gpt4");
  }

  @Test
  void rejectsMalformedMergeLinesNamingTheLine() throws IOException {
    assertRejected(VALID.replace("256 98", "256 x"), "line 5", "'x'");
    assertRejected(VALID.replace("256 98", "257 98"), "line 5", "0..256", "'257'");
    assertRejected(VALID.replace("256 98", "256"), "line 5", "two ids");
    assertRejected(VALID.replace("merges 2", "merges two"), "line 3", "integer count");
  }

  @Test
  void rejectsTruncatedFilesAndBadSpecials() throws IOException {
    assertRejected("grpo4j-bpe v1\npattern gpt2\nmerges 3\n97 97\n", "ends early", "line 5");
    assertRejected(VALID.replace("258 <|end", "300 <|end"), "line 7", "expected '258 CONTENT'");
    assertRejected(VALID + "junk\n", "line 8", "unexpected content");
  }

  @Test
  void rejectsMissingAndNonUtf8Files() throws IOException {
    TokenizerException e = assertThrows(TokenizerException.class, () -> BpeModelFile.load(dir.resolve("none")));
    assertTrue(e.getMessage().contains("model file not found"), e.getMessage());
    Path f = Files.write(dir.resolve("bad.model"), new byte[] {'g', (byte) 0xFE, '\n'});
    TokenizerException u = assertThrows(TokenizerException.class, () -> BpeModelFile.load(f));
    assertTrue(u.getMessage().contains("bad.model") && u.getMessage().contains("not valid UTF-8"), u.getMessage());
  }
}
