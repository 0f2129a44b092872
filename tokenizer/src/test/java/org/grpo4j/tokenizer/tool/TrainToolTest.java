package org.grpo4j.tokenizer.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.grpo4j.tokenizer.BpeModelFile;
import org.grpo4j.tokenizer.SpecialTokenPolicy;
import org.grpo4j.tokenizer.Tokenizer;
import org.grpo4j.tokenizer.TokenizerException;
import org.grpo4j.tokenizer.TrainingProgress;
import org.grpo4j.tokenizer.corpus.MixedTextGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainToolTest {

  @TempDir Path dir;

  @Test
  void trainsSavesAndReloadsThroughTheModelDirectory() throws Exception {
    String text = new MixedTextGenerator(11).generate(100_000);
    Path corpus = Files.writeString(dir.resolve("corpus.txt"), text);
    List<String> phases = new java.util.ArrayList<>();
    TrainTool.Summary s = TrainTool.train(corpus, 600, List.of("<|endoftext|>"), dir.resolve("out"),
        new TrainingProgress() {
          @Override
          public void begin(String phase, long total) {
            phases.add(phase);
          }

          @Override
          public void stepTo(long done) {}

          @Override
          public void end() {}
        });
    assertEquals(dir.resolve("out").resolve(BpeModelFile.MODEL_FILE), s.modelFile());
    assertEquals(599 - 256, s.merges());
    assertEquals(600, s.vocabSize());
    assertTrue(phases.contains("Merging"), "progress heard the merge phase: " + phases);
    assertTrue(s.describe().contains("343 merges"), s.describe());

    Tokenizer t = new TokenizerSource(null, null, null, dir.resolve("out")).load();
    assertEquals(600, t.vocabSize());
    assertEquals(599, t.specialTokenId("<|endoftext|>").orElseThrow());
    assertEquals(text, t.decode(t.encode(text)));
    assertEquals(s.corpusTokens(), t.encode(text, SpecialTokenPolicy.ALLOW).length);
  }

  @Test
  void missingOrNonUtf8CorpusIsAClearError() throws Exception {
    TokenizerException e = assertThrows(TokenizerException.class,
        () -> TrainTool.train(dir.resolve("nope.txt"), 300, List.of(), dir.resolve("o"), TrainingProgress.none()));
    assertTrue(e.getMessage().contains("corpus file not found"), e.getMessage());
    Path bad = Files.write(dir.resolve("bad.txt"), new byte[] {'a', '\n', 'b', (byte) 0x80});
    TokenizerException u = assertThrows(TokenizerException.class,
        () -> TrainTool.train(bad, 300, List.of(), dir.resolve("o"), TrainingProgress.none()));
    assertTrue(u.getMessage().contains("bad.txt") && u.getMessage().contains("line 2"), u.getMessage());
  }
}
