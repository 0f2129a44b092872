package org.grpo4j.cli.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.grpo4j.cli.CliRun;
import org.grpo4j.sandbox.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code grpo4j train --task code} on a tiny model: generated functions and JSONL files, statuses in the metrics. */
class TrainCodeCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void generatedFunctionsTrainAndCountEverySandboxStatus() throws Exception {
    Path out = dir.resolve("code");
    CliRun r = CliRun.of(TrainCommandTest.tiny(out, "--task", "code", "--n-positions", "96", "--max-new-tokens",
        "24", "--max-steps", "2"));
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("held-out accuracy after (step 2)"), r.out());
    List<String> metrics = Files.readAllLines(out.resolve("metrics.jsonl"));
    assertEquals(2, metrics.size());
    for (String line : metrics) {
      JsonNode m = JSON.readTree(line);
      double sum = 0;
      for (Status s : Status.values()) {
        JsonNode f = m.get("code/status/" + s.word());
        assertTrue(f != null && f.isNumber(), "metrics has code/status/" + s.word() + ": " + m);
        sum += f.asDouble();
      }
      assertEquals(1.0, sum, 1e-9, "the status fractions cover every completion: " + m);
      assertTrue(m.has("reward/tests/mean") && m.has("time/reward_s"), m.toString());
    }
    for (String line : Files.readAllLines(out.resolve("completions.jsonl"))) {
      JsonNode c = JSON.readTree(line);
      assertTrue(c.get("prompt").asText().contains("\nfunction "), c.toString());
      Status.fromWord(c.path("rewards").path("tests").path("status").asText()); // a sandbox word
    }
    assertEquals("CODE", JSON.readTree(out.resolve("command.json").toFile()).get("task").asText());
    assertEquals(8, JSON.readTree(Files.readAllLines(out.resolve("eval.jsonl")).get(0)).get("n").asInt());
  }

  @Test
  void aResumedCodeRunEqualsAnUninterruptedOne() throws Exception {
    Path straight = dir.resolve("straight");
    String[] args = TrainCommandTest.tiny(straight, "--task", "code", "--max-steps", "2",
        "--difficulty", "medium", "--examples", "1", "--n-positions", "160");
    assertEquals(0, CliRun.of(args).exit());
    Path cut = dir.resolve("cut");
    args[java.util.Arrays.asList(args).indexOf("--out") + 1] = cut.toString();
    args[java.util.Arrays.asList(args).lastIndexOf("--max-steps") + 1] = "1";
    assertEquals(0, CliRun.of(args).exit());
    CliRun resumed = CliRun.of("train", "--resume", cut.toString(), "--max-steps", "2", "--no-progress");
    assertEquals(0, resumed.exit(), resumed.err());
    assertEquals(TrainCommandTest.clockFree(straight.resolve("metrics.jsonl")),
        TrainCommandTest.clockFree(cut.resolve("metrics.jsonl")));
    assertTrue(Files.readString(cut.resolve("completions.jsonl")).contains("// "), "medium prompts are comments");
  }

  @Test
  void casesAndMultiplEFilesTrainWithTheirHeldOutSets() throws Exception {
    StringBuilder cases = new StringBuilder();
    for (int k = 1; k <= 6; k++) {
      cases.append("{\"name\": \"inc").append(k).append("\", \"prompt\": \"function f(a) {\", \"entry_point\": \"f\", "
          + "\"cases\": [{\"args\": [1], \"expected\": ").append(1 + k).append("}], \"solution\": \"return a + ")
          .append(k).append("; }\"}\n");
    }
    Path casesFile = Files.writeString(dir.resolve("cases.jsonl"), cases);
    Path out = dir.resolve("cases");
    CliRun r = CliRun.of(TrainCommandTest.tiny(out, "--task", "code", "--data", casesFile.toString(),
        "--data-format", "cases", "--task-held-out", "2", "--max-steps", "1"));
    assertEquals(0, r.exit(), r.err());
    assertEquals(2, JSON.readTree(Files.readAllLines(out.resolve("eval.jsonl")).get(0)).get("n").asInt());
    Path mpe = Files.writeString(dir.resolve("mpe.jsonl"), "{\"name\": \"one\", \"prompt\": \"function one() {\", "
        + "\"tests\": \"const assert = require('node:assert');\\nassert.equal(one(), 1);\", \"stop_tokens\": "
        + "[\"\\nfunction \"]}\n");
    Path mpeOut = dir.resolve("mpe");
    CliRun m = CliRun.of(TrainCommandTest.withoutTaskHeldOut(TrainCommandTest.tiny(mpeOut, "--task", "code", "--data",
        mpe.toString(), "--held-out-data", mpe.toString(), "--sft-steps", "0", "--max-steps", "1")));
    assertEquals(0, m.exit(), m.err());
    JsonNode line = JSON.readTree(Files.readAllLines(mpeOut.resolve("metrics.jsonl")).get(0));
    assertTrue(line.get("code/status/passed").asDouble() < 1.0, "an untrained model rarely writes 'return 1; }'");
    assertEquals(1, JSON.readTree(Files.readAllLines(mpeOut.resolve("eval.jsonl")).get(0)).get("n").asInt());
  }
}
