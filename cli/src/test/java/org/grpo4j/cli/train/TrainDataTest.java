package org.grpo4j.cli.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.grpo4j.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code grpo4j train --data}: skipped lines are reported, the default held-out size fits a small file, and every
 * training problem is checked against the context before the run writes anything.
 */
class TrainDataTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private Path twentyWithALatin1Line() throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int i = 1; i <= 20; i++) {
      b.writeBytes(("{\"question\": \"" + i + "+1?\", \"answer\": \"#### " + (i + 1) + "\"}\n")
          .getBytes(StandardCharsets.UTF_8));
      if (i == 1) {
        b.writeBytes(new byte[] {'{', '"', 'q', (byte) 0xE9, '"', '}', '\n'});
      }
    }
    return Files.write(dir.resolve("data.jsonl"), b.toByteArray());
  }

  @Test
  void aSkippedLineIsReportedAndTheDefaultHeldOutLeavesOneToTrain() throws Exception {
    Path data = twentyWithALatin1Line();
    Path out = dir.resolve("run");
    CliRun r = CliRun.of(TrainCommandTest.withoutTaskHeldOut(TrainCommandTest.tiny(out, "--data", data.toString(), "--malformed",
        "skip", "--max-steps", "1")));
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.err().contains("train: --data " + data + ": 20 problems read, 1 malformed line skipped, the first: "
        + "data.jsonl:2: line is not valid UTF-8 (malformed byte 0xE9"), r.err());
    assertEquals(19, JSON.readTree(Files.readAllLines(out.resolve("eval.jsonl")).get(0)).get("n").asInt(),
        "the default --task-held-out 500 is cut to all but one of the 20 problems, as --help says");
  }

  @Test
  void aPromptTooLongAnywhereInTheDataIsRefusedBeforeTheRunStarts() throws Exception {
    StringBuilder b = new StringBuilder();
    for (int i = 1; i <= 2000; i++) {
      String q = i == 1999 ? "1+" + "0+".repeat(40) + "1?" : i + "+1?"; // 84 characters, past the 48 positions
      b.append("{\"question\": \"").append(q).append("\", \"answer\": \"#### ").append(i == 1999 ? 2 : i + 1)
          .append("\"}\n");
    }
    Path data = Files.writeString(dir.resolve("data.jsonl"), b.toString());
    Path heldOut = Files.writeString(dir.resolve("held.jsonl"), "{\"question\": \"2+2?\", \"answer\": \"#### 4\"}\n");
    Path out = dir.resolve("run");
    CliRun r = CliRun.of(TrainCommandTest.withoutTaskHeldOut(TrainCommandTest.tiny(out, "--data", data.toString(),
        "--held-out-data", heldOut.toString(), "--max-steps", "1")));
    assertEquals(1, r.exit(), r.err());
    assertTrue(r.err().contains("its prompt is ") && r.err().contains("but the model's context is 48 (--n-positions)"),
        r.err());
    assertTrue(!Files.exists(out), "nothing is written: " + out);
  }
}
