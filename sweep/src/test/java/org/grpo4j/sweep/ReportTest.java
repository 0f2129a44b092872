package org.grpo4j.sweep;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's table, pairing by seed and its statement of significance, on made-up results. */
class ReportTest {
  @TempDir Path tmp;

  private static RunResult run(int index, String objective, int seed, double finalAcc) {
    Map<String, String> grid = new LinkedHashMap<>();
    grid.put("objective", "\"" + objective + "\"");
    grid.put("seed", Integer.toString(seed));
    GridPoint p = new GridPoint(index, GridPoints.name(grid), grid, grid);
    return new RunResult(p, List.of(new RunResult.Eval(0, 0.3, 0.2, 0.4, 100),
        new RunResult.Eval(10, finalAcc, Math.max(0, finalAcc - 0.1), Math.min(1, finalAcc + 0.1), 100)),
        0.5, 0.6, 0.01, 0.05, 1.2, 9, 3);
  }

  @Test
  void consistentGainIsSignificantAndPairsOnlySharedSeeds() throws IOException {
    List<RunResult> rs = new ArrayList<>();
    double[] base = {0.30, 0.40, 0.35, 0.45, 0.38};
    for (int s = 0; s < 5; s++) {
      rs.add(run(s, "grpo", s + 1, base[s]));
    }
    for (int s = 0; s < 4; s++) { // seed 5 of tic-grpo failed: 4 pairs
      rs.add(run(5 + s, "tic-grpo", s + 1, base[s] + 0.10 + 0.01 * (s % 2)));
    }
    for (int s = 0; s < 5; s++) {
      rs.add(run(10 + s, "grpo-nois", s + 1, base[s] + (s % 2 == 0 ? 0.05 : -0.05)));
    }
    Report.write(tmp, new Report.Header("x.json", "threads", "threads[2]", 15, 14, 1, 0, 1.0),
        List.of("objective", "seed"), rs, List.of(new RunOutcome("objective-tic-grpo_seed-5",
            RunOutcome.Status.FAILED, "boom", 1)), null);
    String md = Files.readString(tmp.resolve("report.md"));
    assertTrue(md.contains("| all | tic-grpo | 4 | 0.105 ["), md);
    assertTrue(md.contains("| all | grpo-nois | 5 | 0.010 ["), md);
    assertTrue(md.contains("**Significant at the 5% level after Holm's adjustment:** tic-grpo beats grpo by +0.105"),
        md);
    assertTrue(!md.contains("grpo-nois beats") && !md.contains("grpo-nois trails"), md);
    assertTrue(md.contains("- `objective-tic-grpo_seed-5`: boom"), md);
    assertTrue(Files.size(tmp.resolve("curves.png")) > 1000);
  }

  @Test
  void noSignificantDifferenceIsStated() throws IOException {
    List<RunResult> rs = List.of(run(0, "grpo", 1, 0.3), run(1, "grpo", 2, 0.5), run(2, "gspo", 1, 0.5),
        run(3, "gspo", 2, 0.3));
    Report.write(tmp, new Report.Header("x.json", "spark", "local[2]", 4, 4, 0, 0, 1.0), List.of("objective", "seed"),
        rs, List.of(), "grpo");
    String md = Files.readString(tmp.resolve("report.md"));
    assertTrue(md.contains("**No difference from `grpo` is significant**"), md);
  }
}
