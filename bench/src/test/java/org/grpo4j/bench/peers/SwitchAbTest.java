package org.grpo4j.bench.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.grpo4j.autograd.ops.KernelSwitch;
import org.junit.jupiter.api.Test;

/**
 * {@link SwitchAb}: the order-statistic ranks against the binomial tail computed by hand, the interval's coverage of
 * a known median by simulation, and one short run that leaves the switch as it found it.
 */
class SwitchAbTest {
  /** Ranks from the binomial tail (P(X <= 9) = 0.0214, P(X <= 10) = 0.0494 at n = 30; 2/64 at n = 6). */
  @Test
  void ranksBoundTheMedianAtNinetyFivePercent() {
    assertEquals(0, SwitchAb.medianRank95(5)); // 2 / 32 > 5%: no interval
    assertEquals(1, SwitchAb.medianRank95(6));
    assertEquals(10, SwitchAb.medianRank95(30));
    assertEquals(22, SwitchAb.medianRank95(60)); // P(X <= 21) = 0.0137, P(X <= 22) = 0.0259 at n = 60
  }

  /**
   * Ratios drawn with median 1.02 (log-normal, 4% spread): the 95% interval of 30 cycles covers 1.02 in at least 95.7%
   * of draws by construction; 400 draws fall below 93% with probability about 0.4%, and the seed is fixed.
   */
  @Test
  void intervalCoversAKnownMedian() {
    SplittableRandom r = new SplittableRandom(20261203L);
    int covered = 0;
    int draws = 400;
    for (int d = 0; d < draws; d++) {
      double[] ratios = new double[30];
      for (int i = 0; i < ratios.length; i++) {
        ratios[i] = 1.02 * Math.exp(0.04 * gaussian(r));
      }
      SwitchAb.Result res = SwitchAb.summarize("w", KernelSwitch.ATTENTION_RECOMPUTE, 7, ratios, ratios, ratios);
      covered += res.ratioLow95() <= 1.02 && 1.02 <= res.ratioHigh95() ? 1 : 0;
      assertTrue(res.ratioLow95() <= res.ratio() && res.ratio() <= res.ratioHigh95(), "median inside");
    }
    assertTrue(covered >= 0.93 * draws, covered + " of " + draws + " intervals covered the median");
  }

  @Test
  void shortRunRestoresTheSwitchAndRejectsBadInput() throws Exception {
    KernelSwitch s = KernelSwitch.ATTENTION_DS_BLOCKS;
    boolean before = s.on();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    SwitchAb.Result r = SwitchAb.run("attention", s, 6, 1, 0, null, new PrintStream(bytes, true,
        StandardCharsets.UTF_8));
    assertEquals(before, s.on());
    assertEquals(6, r.cycles());
    assertTrue(r.offMs() > 0 && r.onMs() > 0 && r.ratioLow95() <= r.ratio() && r.ratio() <= r.ratioHigh95(),
        r.toString());
    assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("attention, attention_ds_blocks on/off"));
    assertThrows(IllegalArgumentException.class, () -> SwitchAb.run("attention", s, 5, 1, 0, null, System.out));
    assertThrows(IllegalArgumentException.class, () -> SwitchAb.run("nosuch", s, 6, 1, 0, null, System.out));
  }

  private static double gaussian(SplittableRandom r) {
    return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
  }
}
