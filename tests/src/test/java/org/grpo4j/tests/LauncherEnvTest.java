package org.grpo4j.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The launcher's malloc setting: added by default, left out on request, never over the user's, refused misspelt. */
class LauncherEnvTest {
  private static final String KEEP = "glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824";

  private record Outcome(int exit, String tunables, String err) {}

  /** Sources bin/malloc-env.sh in bash under the given environment and prints GLIBC_TUNABLES afterwards. */
  private static Outcome source(Map<String, String> env) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder("bash", "-c",
        "set -euo pipefail; . bin/malloc-env.sh; printf '%s' \"${GLIBC_TUNABLES:-}\"").directory(Path.of("..")
        .toFile());
    pb.environment().remove("GLIBC_TUNABLES");
    pb.environment().remove("GRPO4J_MALLOC");
    pb.environment().putAll(env);
    Process p = pb.start();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "bash did not finish");
    return new Outcome(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void addsTheSettingByDefaultAndAfterOtherTunables() throws Exception {
    assertEquals(new Outcome(0, KEEP, ""), source(Map.of()));
    assertEquals(new Outcome(0, KEEP, ""), source(Map.of("GRPO4J_MALLOC", "auto")));
    assertEquals(new Outcome(0, "glibc.malloc.arena_max=2:" + KEEP, ""),
        source(Map.of("GLIBC_TUNABLES", "glibc.malloc.arena_max=2")));
  }

  @Test
  void leavesTheUsersMallocSettingsAndKeepAlone() throws Exception {
    assertEquals(new Outcome(0, "glibc.malloc.trim_threshold=0", ""),
        source(Map.of("GLIBC_TUNABLES", "glibc.malloc.trim_threshold=0")));
    assertEquals(new Outcome(0, "", ""), source(Map.of("GRPO4J_MALLOC", "keep")));
  }

  @Test
  void refusesAnUnknownValueNamingIt() throws Exception {
    Outcome o = source(Map.of("GRPO4J_MALLOC", "kep"));
    assertEquals(2, o.exit());
    assertEquals("", o.tunables());
    assertTrue(o.err().contains("GRPO4J_MALLOC=kep") && o.err().contains("auto") && o.err().contains("keep"), o.err());
  }
}
