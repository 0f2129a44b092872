package org.grpo4j.cli.model;

import org.grpo4j.cli.CliRun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.grpo4j.autograd.GradMode;
import org.grpo4j.transformer.Gpt;
import org.grpo4j.transformer.GptCheckpoint;
import org.grpo4j.transformer.GptConfig;
import org.grpo4j.transformer.Scorer;
import org.grpo4j.transformer.sample.Completion;
import org.grpo4j.transformer.sample.RolloutEngine;
import org.grpo4j.transformer.sample.SamplingConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** grpo4j sample / score / sft through the real entry point. */
class ModelCommandsTest {
  @TempDir
  Path tmp;

  Path ckpt;
  Gpt model;

  @BeforeEach
  void checkpoint() {
    model = new Gpt(GptConfig.of(2, 2, 16, 20, 32), 3);
    ckpt = tmp.resolve("ckpt");
    GptCheckpoint.save(ckpt, model, null);
  }

  @Test
  void scorePrintsTheLogProbabilityOfEachTokenAfterTheFirst() {
    CliRun r = CliRun.of("score", "--checkpoint", ckpt.toString(), "--ids", "3 14 15 9 2");
    assertEquals(0, r.exit(), r.err());
    double[] printed = r.out().lines().mapToDouble(Double::parseDouble).toArray();
    double[] want;
    try (var g = GradMode.noGrad()) {
      want = Scorer.score(model, List.of(new int[] {3}), List.of(new int[] {14, 15, 9, 2})).logProbs().data()
          .reshape(4L).toDoubleVector();
    }
    assertEquals(4, printed.length);
    for (int i = 0; i < 4; i++) {
      assertEquals(want[i], printed[i], 1e-6, "token " + (i + 1));
    }
  }

  @Test
  void sampleWithIdsIsSeededAndMatchesTheSampler() {
    String[] args = {"sample", "--checkpoint", ckpt.toString(), "--prompt-ids", "1 2 3", "--max-new-tokens", "6",
        "--seed", "5", "--temperature", "1.3", "--top-k", "8", "--print-ids", "--num-samples", "2"};
    CliRun a = CliRun.of(args);
    assertEquals(0, a.exit(), a.err());
    assertEquals(a.out(), CliRun.of(args).out(), "the same seed gives the same samples");
    List<Completion> want = RolloutEngine.generate(GptCheckpoint.load(ckpt), List.of(new int[] {1, 2, 3}, new int[] {1, 2, 3}),
        SamplingConfig.sample(6, 5).withTemperature(1.3).withTopK(8));
    assertEquals(TokenIds.format(want.get(0).tokens()) + "\n" + TokenIds.format(want.get(1).tokens()) + "\n", a.out());
    assertTrue(a.err().contains("stop: MAX_NEW_TOKENS, 6 tokens"), a.err());
    String[] oneSlot = java.util.Arrays.copyOf(args, args.length + 2);
    oneSlot[args.length] = "--rollout-slots";
    oneSlot[args.length + 1] = "1";
    CliRun b = CliRun.of(oneSlot);
    assertEquals(0, b.exit(), b.err());
    List<Completion> inOneSlot = new RolloutEngine(GptCheckpoint.load(ckpt), 1).generate(
        List.of(new int[] {1, 2, 3}, new int[] {1, 2, 3}), SamplingConfig.sample(6, 5).withTemperature(1.3).withTopK(8));
    assertEquals(TokenIds.format(inOneSlot.get(0).tokens()) + "\n" + TokenIds.format(inOneSlot.get(1).tokens())
        + "\n", b.out(), "--rollout-slots 1: the engine with one slot, one sample after the other");
    CliRun greedy = CliRun.of("sample", "--checkpoint", ckpt.toString(), "--prompt-ids", "1 2 3", "--greedy",
        "--max-new-tokens", "4", "--print-ids", "--stop-ids", "19");
    assertEquals(0, greedy.exit(), greedy.err());
  }

  @Test
  void textPromptsNeedATokenizerAndBadInputIsNamed() {
    CliRun r = CliRun.of("sample", "--checkpoint", ckpt.toString(), "--prompt", "hello");
    assertEquals(1, r.exit());
    assertTrue(r.err().startsWith("error: checkpoint " + ckpt + " has no tokenizer"), r.err());
    assertTrue(r.err().contains("--prompt-ids"), r.err());
    CliRun bad = CliRun.of("score", "--checkpoint", ckpt.toString(), "--ids", "1 x 3");
    assertEquals(1, bad.exit());
    assertTrue(bad.err().contains("error: --ids: 'x' is not a token id"), bad.err());
    CliRun big = CliRun.of("score", "--checkpoint", ckpt.toString(), "--ids", "1 25");
    assertTrue(big.err().contains("token id 25 is outside the model's vocabulary of 20 (expected 0..19)"),
        big.err());
    CliRun missing = CliRun.of("sample", "--checkpoint", tmp.resolve("nope").toString(), "--prompt-ids", "1");
    assertEquals(1, missing.exit());
    assertTrue(missing.err().contains("no config.json"), missing.err());
    CliRun tooLong = CliRun.of("sample", "--checkpoint", ckpt.toString(), "--prompt-ids", "1 ".repeat(33));
    assertTrue(tooLong.err().contains("prompt 0 has 33 tokens; expected 1 to 32"), tooLong.err());
  }

  @Test
  void usageErrorsExitWithTwo() {
    assertEquals(2, CliRun.of("sample", "--prompt-ids", "1").exit(), "missing --checkpoint");
    assertEquals(2, CliRun.of("sample", "--checkpoint", ckpt.toString(), "--prompt", "a", "--prompt-ids", "1").exit());
    assertEquals(0, CliRun.of("sft", "--help").exit());
  }

  @Test
  void sftWithACharacterVocabularyLearnsAndTheCheckpointSamplesText() throws IOException {
    Path data = tmp.resolve("data.jsonl");
    Files.writeString(data, String.join("\n",
        "{\"prompt\": \"ab\", \"completion\": \"cd\"}",
        "{\"prompt\": \"ba\", \"completion\": \"dc\"}",
        "",
        "{\"prompt\": \"aa\", \"completion\": \"bb\"}") + "\n");
    Path out = tmp.resolve("sft");
    CliRun r = CliRun.of("sft", "--data", data.toString(), "--out", out.toString(), "--char-vocab", "--steps", "60",
        "--batch-size", "3", "--lr", "1e-2", "--warmup", "0", "--weight-decay", "0", "--n-embd", "32",
        "--n-positions", "16");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().startsWith("sft: 60 steps (60 in all), loss "), r.out());
    assertEquals("abcd", Files.readString(out.resolve("char_vocab.txt")));
    CliRun s = CliRun.of("sample", "--checkpoint", out.toString(), "--prompt", "ab", "--greedy", "--max-new-tokens",
        "2");
    assertEquals("cd\n", s.out(), s.err());
    CliRun resumed = CliRun.of("sft", "--data", data.toString(), "--out", out.toString(), "--resume", "--steps", "5",
        "--batch-size", "3");
    assertEquals(0, resumed.exit(), resumed.err());
    assertTrue(resumed.out().startsWith("sft: 5 steps (65 in all)"), resumed.out());
  }

  @Test
  void sftOnTokenIdsAndBadRecordsAreNamed() throws IOException {
    Path data = tmp.resolve("ids.jsonl");
    Files.writeString(data, "{\"prompt_ids\": [1, 2], \"completion_ids\": [3, 4]}\n{\"prompt_ids\": [5]}\n");
    CliRun bad = CliRun.of("sft", "--data", data.toString(), "--out", tmp.resolve("o").toString());
    assertEquals(1, bad.exit());
    assertTrue(bad.err().contains("(record 2): missing 'completion' (text) or 'completion_ids'"), bad.err());
    assertTrue(Files.notExists(tmp.resolve("o")), "nothing written");
    Path text = tmp.resolve("text.jsonl");
    Files.writeString(text, "{\"prompt\": \"a\", \"completion\": \"b\"}\n");
    CliRun noTok = CliRun.of("sft", "--data", text.toString(), "--out", tmp.resolve("o").toString());
    assertTrue(noTok.err().contains("has text records but no tokenizer is available: use --char-vocab"), noTok.err());
    Files.writeString(data, "{\"prompt_ids\": [1, 2], \"completion_ids\": [3, 4]}\n");
    CliRun ok = CliRun.of("sft", "--data", data.toString(), "--out", tmp.resolve("o").toString(), "--steps", "2",
        "--n-embd", "8");
    assertEquals(0, ok.exit(), ok.err());
    assertEquals(5, GptCheckpoint.load(tmp.resolve("o")).config().vocabSize(), "max id + 1");
    assertTrue(Arrays.asList(tmp.resolve("o").toFile().list()).contains("optimizer.safetensors"));
  }
}
