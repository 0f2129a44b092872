package org.grpo4j.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad sweeps fail with one clear line and a non-zero exit, and leave an earlier sweep's runs as they were. */
class SweepBadInputTest {
  @TempDir Path tmp;

  @Test
  void unknownOptionInBaseIsAUsageErrorNamingIt() throws IOException {
    String line = refused("{\"base\": {\"n-layerz\": 1}, \"grid\": {\"seed\": [1]}}", 2);
    assertTrue(line.contains("base: unknown option 'n-layerz'") && line.contains("n-layer,"), line);
  }

  @Test
  void unknownOptionInGridIsAUsageErrorNamingIt() throws IOException {
    String line = refused("{\"base\": {}, \"grid\": {\"objectiv\": [\"grpo\"]}}", 2);
    assertTrue(line.contains("grid: unknown option 'objectiv'") && line.contains("objective"), line);
  }

  @Test
  void aSecondBaseIsRefusedRatherThanReplacingTheFirst() throws IOException {
    String line = refused("{\"base\": {\"digits\": 1}, \"grid\": {\"seed\": [1]}, \"base\": {}}", 2);
    assertTrue(line.contains("bad.json has the key 'base' twice"), line);
  }

  @Test
  void aBadValueInBaseNamesBaseAndTheKey() throws IOException {
    String line = refused("{\"base\": {\"digits\": \"abc\"}, \"grid\": {\"seed\": [1]}}", 2);
    assertTrue(line.contains("base: option 'digits' has an invalid value: 'abc' is not an int"), line);
  }

  @Test
  void aValueTwiceInAnAxisIsRefused() throws IOException {
    String line = refused("{\"grid\": {\"seed\": [1, 2, 1]}}", 2);
    assertTrue(line.contains("grid option 'seed' has the value 1 twice"), line);
  }

  @Test
  void aBaselineNoRunHasIsRefusedWithTheObjectivesRun() throws IOException {
    String json = "{\"grid\": {\"objective\": [\"grpo\", \"dapo\"]}}";
    String flag = refusedWith(json, 2, "--dry-run", "--baseline=bogus");
    assertTrue(flag.contains("--baseline 'bogus' is not the objective of any run; expected one of dapo, grpo"), flag);
    String inConfig = refused("{\"grid\": {\"objective\": [\"grpo\", \"dapo\"]}, \"baseline\": \"gspo\"}", 2);
    assertTrue(inConfig.contains("baseline 'gspo' is not the objective of any run"), inConfig);
  }

  @Test
  void emptyGridIsAUsageError() throws IOException {
    assertTrue(refused("{\"base\": {\"seed\": 1}, \"grid\": {}}", 2).contains("the grid is empty"));
  }

  @Test
  void emptyValueListIsAUsageError() throws IOException {
    assertTrue(refused("{\"grid\": {\"seed\": []}}", 2).contains("grid option 'seed' has no values"));
  }

  @Test
  void badValueIsRefusedBeforeAnyRunNamingTheRun() throws IOException {
    String line = refused("{\"grid\": {\"objective\": [\"grpo\", \"nope\"]}}", 2);
    assertTrue(line.contains("run objective-nope") && line.contains("nope"), line);
  }

  @Test
  void outOfRangeValueIsRefusedBeforeAnyRunNamingOptionValueAndRange() throws IOException {
    String json = "{\"grid\": {\"group-size\": [2, 1]}}";
    for (String[] extra : new String[][] {{"--dry-run"}, {"--engine", "threads"}}) {
      String line = refusedWith(json, 2, extra);
      assertTrue(line.contains("run group-size-1: --group-size 1 is out of range (expected 2 to 4,096)"), line);
    }
  }

  @Test
  void taskValueOutOfRangeIsRefusedByTheDryRun() throws IOException {
    String line = refusedWith("{\"grid\": {\"digits\": [2, 0]}}", 2, "--dry-run");
    assertTrue(line.contains("run digits-0: ") && line.contains("digits 0 must be in 1..9"), line);
  }

  @Test
  void anOptionTheRunsTaskIgnoresIsRefusedByTheDryRun() throws IOException {
    String line = refusedWith("{\"base\": {\"task\": \"code\", \"digits\": 3}, \"grid\": {\"seed\": [1, 2]}}", 2,
        "--dry-run");
    assertTrue(line.contains("run seed-1: --digits (run seed-1) cannot be combined with --task CODE"), line);
  }

  @Test
  void optionTheSweepOwnsIsRefused() throws IOException {
    assertTrue(refused("{\"base\": {\"out\": \"x\"}, \"grid\": {\"seed\": [1]}}", 2).contains("'out' cannot be swept"));
  }

  @Test
  void unreachableMasterFailsWithoutTouchingRuns() throws IOException {
    String line = refusedWith("{\"grid\": {\"seed\": [1, 2]}}", 1, "--master", "spark://127.0.0.1:9");
    assertTrue(line.contains("cannot reach Spark master spark://127.0.0.1:9"), line);
  }

  @Test
  void malformedMasterIsAUsageError() throws IOException {
    String line = refusedWith("{\"grid\": {\"seed\": [1]}}", 2, "--master", "lokal[2]");
    assertTrue(line.contains("--master lokal[2] is not a Spark master URL"), line);
  }

  @Test
  void anEmptyOrRootOutIsAUsageError() throws IOException {
    Path config = Cli.config(tmp, "c.json", "{\"grid\": {\"seed\": [1]}}");
    Cli.Result empty = Cli.run("sweep", "--config", config.toString(), "--out", "");
    assertEquals(2, empty.code(), empty.err());
    assertTrue(Cli.errorLine(empty.err()).contains("--out is empty"), empty.err());
    Cli.Result root = Cli.run("sweep", "--config", config.toString(), "--out", "/");
    assertEquals(2, root.code(), root.err());
    assertTrue(Cli.errorLine(root.err()).contains("--out / is a filesystem root"), root.err());
  }

  @Test
  void aDifferentConfigForAnExistingSweepIsRefused() throws IOException {
    Path out = earlierSweep("{\"grid\": {\"seed\": [1]}}");
    Map<String, FileTime> before = snapshot(out);
    Path other = Cli.config(tmp, "other.json", "{\"grid\": {\"seed\": [1, 2]}}");
    Cli.Result r = Cli.run("sweep", "--config", other.toString(), "--out", out.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(Cli.errorLine(r.err()).contains("holds a sweep of a different config"), r.err());
    assertEquals(before, snapshot(out));
  }

  /** Runs a sweep of {@code json} into an earlier sweep's directory; checks the exit code and that nothing changed. */
  private String refused(String json, int code) throws IOException {
    return refusedWith(json, code);
  }

  private String refusedWith(String json, int code, String... extra) throws IOException {
    Path out = earlierSweep(json);
    Map<String, FileTime> before = snapshot(out);
    String[] args = Stream.concat(Stream.of("sweep", "--config", out.resolveSibling("bad.json").toString(), "--out",
        out.toString()), Stream.of(extra)).toArray(String[]::new);
    Cli.Result r = Cli.run(args);
    assertEquals(code, r.code(), r.err());
    String line = Cli.errorLine(r.err());
    assertNotNull(line, r.err());
    assertEquals(1, r.err().lines().filter(l -> l.startsWith("error: ")).count(), r.err());
    assertEquals(before, snapshot(out), "an earlier sweep's files are untouched");
    assertFalse(Files.exists(out.resolve("sweep.json")));
    return line;
  }

  /** A directory that looks like an earlier call of this config: its config copy and one finished run. */
  private Path earlierSweep(String json) throws IOException {
    Path cfg = Cli.config(tmp, "bad.json", json);
    Path out = tmp.resolve("out");
    Files.createDirectories(out.resolve("runs").resolve("old"));
    Files.writeString(out.resolve(Sweep.CONFIG_COPY), Files.readString(cfg));
    Files.writeString(out.resolve("runs").resolve("old").resolve("metrics.jsonl"), "{\"step\":1}\n");
    return out;
  }

  private static Map<String, FileTime> snapshot(Path dir) throws IOException {
    Map<String, FileTime> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.toList()) {
        m.put(dir.relativize(p) + (Files.isRegularFile(p) ? ":" + Files.readString(p).hashCode() : ""),
            Files.getLastModifiedTime(p));
      }
    }
    return m;
  }

  @Test
  void snapshotSeesAChange() throws IOException {
    Path out = earlierSweep("{\"grid\": {\"seed\": [1]}}");
    Map<String, FileTime> before = snapshot(out);
    Files.writeString(out.resolve("runs").resolve("old").resolve("metrics.jsonl"), "{\"step\":2}\n");
    assertTrue(!before.equals(snapshot(out)), "the check of untouched files can fail");
  }
}
