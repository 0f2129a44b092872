package org.grpo4j.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A cluster's executors get the launcher's malloc settings, and never the driver's OpenBLAS core. */
class SparkEngineEnvTest {

  @Test
  void mallocSettingsTravelAndTheBlasCoreStays() {
    String tunables = "glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824";
    assertEquals(Map.of("spark.executorEnv.GLIBC_TUNABLES", tunables),
        SparkEngine.executorEnv(Map.of("GLIBC_TUNABLES", tunables, "OPENBLAS_CORETYPE", "SkylakeX", "HOME", "/x")));
  }

  @Test
  void nothingTravelsWhenTheDriverHasNoTunables() {
    assertEquals(Map.of(), SparkEngine.executorEnv(Map.of("OPENBLAS_CORETYPE", "SkylakeX")));
    assertEquals(Map.of(), SparkEngine.executorEnv(Map.of("GLIBC_TUNABLES", " ")));
  }
}
