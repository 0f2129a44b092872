package org.grpo4j.bench.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench --suite QWEN --json} writes torch_bench.py's shape under the peer's qwen25_* workload names. */
class QwenShapeJsonTest {
  @TempDir Path tmp;

  @Test
  void resultsCarryThePeersNamesMediansAndTokenCounts() throws Exception {
    var c = new QwenShapeBenchmark.Config(QwenShapeBenchmark.QWEN25_05B, 16, 32, 128, 3, 7);
    var r = new QwenShapeBenchmark.Result(1, 0, 0, 0, 0, 0, 0, new double[] {3000, 1000, 2000},
        new double[] {40000, 50000, 60000});
    Path file = tmp.resolve("q.json");
    QwenShapeBenchmark.writeJson(c, r, file);
    JsonNode doc = new ObjectMapper().readTree(file.toFile());
    assertEquals("grpo4j", doc.get("impl").asText());
    JsonNode score = doc.get("results").get(0);
    assertEquals("qwen25_score_b16x160", score.get("workload").asText());
    assertEquals(2000, score.get("median_ms").asDouble());
    assertEquals(1000, score.get("min_ms").asDouble());
    assertEquals(16 * 160 / 2.0, score.get("tokens_per_s").asDouble(), 1e-9);
    JsonNode decode = doc.get("results").get(1);
    assertEquals("qwen25_decode_b16x128", decode.get("workload").asText());
    assertEquals(60000, decode.get("max_ms").asDouble());
    assertEquals(16 * 128 / 50.0, decode.get("tokens_per_s").asDouble(), 1e-9);
  }

  @Test
  void theFileIsReplacedByARenameNotWrittenInPlace() throws Exception {
    var c = new QwenShapeBenchmark.Config(QwenShapeBenchmark.QWEN25_05B, 16, 32, 128, 1, 7);
    var r = new QwenShapeBenchmark.Result(1, 0, 0, 0, 0, 0, 0, new double[] {1}, new double[] {1});
    Path earlier = Files.writeString(tmp.resolve("earlier.json"), "old\n");
    Path file = Files.createSymbolicLink(tmp.resolve("q.json"), earlier);
    QwenShapeBenchmark.writeJson(c, r, file);
    assertEquals("old\n", Files.readString(earlier), "an in-place write would have gone through the link");
    assertTrue(Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS));
    assertEquals("grpo4j", new ObjectMapper().readTree(file.toFile()).get("impl").asText());
  }

  @Test
  void theCommandLineEntryRefusesAnExistingResultsFileBeforeRunning() throws Exception {
    Path earlier = Files.writeString(tmp.resolve("earlier.json"), "old\n");
    var e = assertThrows(IllegalArgumentException.class,
        () -> QwenShapeBenchmark.main(new String[] {"1", earlier.toString()}));
    assertTrue(e.getMessage().contains(earlier + " already exists"), e.getMessage());
    assertEquals("old\n", Files.readString(earlier));
  }

  @Test
  void anEvenCountsMedianIsTheMeanOfTheMiddleTwoAsInPython() {
    assertEquals(2500, QwenShapeBenchmark.median(new double[] {3000, 1000, 2000, 4000}));
    assertEquals(2000, QwenShapeBenchmark.median(new double[] {3000, 1000, 2000}));
    assertEquals(75, QwenShapeBenchmark.median(new double[] {100, 50}));
  }
}
