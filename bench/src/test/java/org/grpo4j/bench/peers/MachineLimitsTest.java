package org.grpo4j.bench.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.openblas.presets.openblas_nolapack;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class MachineLimitsTest {
  @Test
  void sgemmOnEveryCoreLeavesOpenBlasOnOneThread() {
    Nd4j.create(1); // loads the backend and OpenBLAS
    double all = MachineLimits.sgemm(256, 2, 2);
    assertTrue(all > 0 && Double.isFinite(all), "GFLOP/s " + all);
    assertEquals(1, openblas_nolapack.blas_get_num_threads(), "the measurement must hand OpenBLAS back at 1 thread");
  }

  @Test
  void thePeakIsTheBetterOfOneThreadAndEveryCore() {
    MachineLimits l = new MachineLimits(60, 110, 1024, 9, 14, 2);
    assertEquals(110, l.sgemmGflops());
    assertEquals(14, l.bandwidthGbPerS());
    assertEquals(70, new MachineLimits(70, 40, 1024, 9, 14, 2).sgemmGflops());
  }

  @Test
  void theBestOfTwoMeasurementsTakesEachLimitFromWhicheverWasBetter() {
    MachineLimits start = new MachineLimits(60, 88, 2048, 9.2, 14.4, 2);
    MachineLimits end = new MachineLimits(70, 140, 1024, 10.5, 13.0, 2);
    MachineLimits best = start.best(end);
    assertEquals(new MachineLimits(70, 140, 1024, 10.5, 14.4, 2), best);
    assertEquals(best, end.best(start), "the order of the two does not matter");
    assertEquals(2048, start.best(new MachineLimits(50, 80, 1024, 1, 1, 2)).sgemmSize(), "n of the better peak");
  }
}
