package org.grpo4j.cli.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.grpo4j.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to {@code grpo4j train}: a clear message naming the value, a non-zero exit, nothing written or lost. */
class TrainBadInputTest {
  @TempDir Path dir;

  private void refused(String expected, String... extra) {
    Path out = dir.resolve("out");
    CliRun r = CliRun.of(TrainCommandTest.tiny(out, extra));
    assertNotEquals(0, r.exit(), "refused: " + String.join(" ", extra));
    assertTrue(r.err().contains(expected), "message names '" + expected + "': " + r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    assertFalse(Files.exists(out), "nothing written for " + String.join(" ", extra));
  }

  @Test
  void badValuesAreNamed() {
    refused("tic-grpo", "--objective", "ppo"); // the valid names are listed
    refused("--group-size 1 is out of range (expected 2 to 4,096)", "--group-size", "1");
    refused("--inner-steps 0 is out of range (expected 1 to 4,096)", "--inner-steps", "0");
    refused("--prompts-per-step 2000000000 is out of range", "--prompts-per-step", "2000000000");
    refused("--n-layer 100000 is out of range", "--n-layer", "100000");
    refused("n_layer 1000 x n_embd 65536", "--n-layer", "1000", "--n-embd", "65536");
    refused("the KV cache of 268435456 rollouts", "--prompts-per-step", "65536", "--group-size", "4096",
        "--n-positions", "1048576");
    refused("beta -0.1", "--beta", "-0.1");
    refused("eps-low 0.0", "--eps-low", "0");
    refused("eps-high -1.0", "--eps-high", "-1");
    refused("MATH", "--task", "poetry");
    refused("digits 12", "--digits", "12");
  }

  @Test
  void aMalformedDatasetLineIsNamedWithItsNumber() throws Exception {
    Path data = Files.writeString(dir.resolve("gsm.jsonl"), "{\"question\": \"1+1?\", \"answer\": \"2 #### 2\"}\n"
        + "{\"question\": 3}\n");
    refused("gsm.jsonl:2", "--data", data.toString());
  }

  @Test
  void aCorruptCheckpointToResumeIsNamedAndLeftAlone() throws Exception {
    Path run = dir.resolve("run");
    String[] args = TrainCommandTest.tiny(run);
    args[java.util.Arrays.asList(args).lastIndexOf("--max-steps") + 1] = "1";
    assertEquals(0, CliRun.of(args).exit());
    Path state = run.resolve("checkpoints/step-1/trainer_state.json");
    Files.writeString(state, "{ not json");
    byte[] metrics = Files.readAllBytes(run.resolve("metrics.jsonl"));
    CliRun r = CliRun.of("train", "--resume", run.toString(), "--max-steps", "2");
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("trainer_state.json"), r.err());
    assertArrayEquals(metrics, Files.readAllBytes(run.resolve("metrics.jsonl")));
    CliRun notARun = CliRun.of("train", "--resume", dir.toString());
    assertEquals(1, notARun.exit());
    assertTrue(notARun.err().contains("command.json"), notARun.err());
  }
}
