package org.grpo4j.rl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.grpo4j.nn.optim.AdamW;
import org.grpo4j.nn.optim.AdamWConfig;
import org.grpo4j.tokenizer.CharTokenizer;
import org.grpo4j.tokenizer.SpecialTokenPolicy;
import org.grpo4j.tokenizer.Tokenizer;
import org.grpo4j.transformer.Gpt;
import org.grpo4j.transformer.GptConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Model directories: model, optimizer and tokenizer saved and loaded as one unit. */
class ModelDirectoryTest {
  @TempDir
  Path tmp;

  @Test
  void roundTripsModelAndCharTokenizerWithSpecialTokens() throws Exception {
    CharTokenizer tok = new CharTokenizer("xyz\n", List.of("<|endoftext|>", "<pad>"));
    Gpt model = new Gpt(GptConfig.of(1, 2, 16, 8, 32), 3);
    AdamW opt = AdamW.forModel(model, AdamWConfig.of(1e-3), 0.0);
    Path dir = tmp.resolve("m");
    new ModelDirectory(model, tok, null).save(dir, opt);
    assertTrue(Files.isRegularFile(dir.resolve("optimizer.safetensors")));

    ModelDirectory back = ModelDirectory.load(dir);
    for (Map.Entry<String, INDArray> e : model.stateDict().entrySet()) {
      assertEquals(e.getValue(), back.model().stateDict().get(e.getKey()), e.getKey());
    }
    Tokenizer t = back.tokenizer();
    assertEquals(6, t.vocabSize());
    assertEquals(4, t.specialTokenId("<|endoftext|>").getAsInt());
    assertEquals(5, t.specialTokenId("<pad>").getAsInt());
    assertEquals("xy\n<|endoftext|>", t.decode(t.encode("xy\n<|endoftext|>", SpecialTokenPolicy.ALLOW)));
    assertEquals(dir, back.source());
  }

  @Test
  void oldCharDirectoriesWithoutSpecialsStillLoadAndResavingDropsStaleSpecials() throws Exception {
    Path dir = tmp.resolve("old");
    Gpt model = new Gpt(GptConfig.of(1, 2, 16, 8, 32), 4);
    new ModelDirectory(model, new CharTokenizer("ab", List.of("<|endoftext|>")), null).save(dir, null);
    Files.delete(dir.resolve(TokenizerFiles.CHAR_SPECIALS)); // what sft wrote before special tokens existed
    Tokenizer old = ModelDirectory.load(dir).tokenizer();
    assertEquals(2, old.vocabSize());
    assertTrue(old.specialTokens().isEmpty());

    new ModelDirectory(model, new CharTokenizer("ab", List.of("<|endoftext|>")), null).save(dir, null);
    new ModelDirectory(model, new CharTokenizer("ab", List.of()), null).save(dir, null);
    assertTrue(ModelDirectory.load(dir).tokenizer().specialTokens().isEmpty(), "no stale special tokens carried over");
  }

  @Test
  void errorsNameWhatIsWrong() {
    Gpt model = new Gpt(GptConfig.of(1, 2, 16, 2, 32), 4);
    IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
        () -> new ModelDirectory(model, new CharTokenizer("abc", List.of()), null));
    assertTrue(big.getMessage().contains("3 ids"), big.getMessage());
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
        () -> ModelDirectory.load(tmp.resolve("empty")));
    assertTrue(none.getMessage().contains("has no tokenizer"), none.getMessage());
    assertFalse(TokenizerFiles.find(tmp).isPresent());
  }
}
