package org.grpo4j.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The grid's product, run names and the checks against the train command's options. */
class GridPointsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static SweepSpec spec(String json) throws Exception {
    return SweepSpec.of(JSON.readTree(json));
  }

  @Test
  void productRunsFirstOptionSlowestWithBaseUnderEveryPoint() throws Exception {
    List<GridPoint> ps = GridPoints.of(spec("{\"base\": {\"max-steps\": 3}, \"grid\": {\"objective\": [\"grpo\", "
        + "\"tic-grpo\"], \"inner-steps\": [1, 8], \"ops\": [[\"add\", \"sub\"]]}}"));
    assertEquals(4, ps.size());
    assertEquals(List.of("objective-grpo_inner-steps-1_ops-add+sub", "objective-grpo_inner-steps-8_ops-add+sub",
        "objective-tic-grpo_inner-steps-1_ops-add+sub", "objective-tic-grpo_inner-steps-8_ops-add+sub"),
        ps.stream().map(GridPoint::name).toList());
    GridPoint p = ps.get(3);
    assertEquals(3, p.index());
    assertEquals("3", p.options().get("max-steps"));
    assertEquals("\"tic-grpo\"", p.options().get("objective"));
    assertEquals("tic-grpo", p.plain("objective"));
    assertEquals("8", p.plain("inner-steps"));
    assertEquals(null, p.plain("seed"));
  }

  @Test
  void aValueTheTrainCommandRefusesNamesTheRun() throws Exception {
    var e = assertThrows(IllegalArgumentException.class,
        () -> GridPoints.of(spec("{\"grid\": {\"inner-steps\": [1, \"many\"]}}")));
    assertTrue(e.getMessage().startsWith("run inner-steps-many: ") && e.getMessage().contains("many"), e.getMessage());
  }

  @Test
  void specRefusesOverlapAndNonLists() {
    var overlap = assertThrows(IllegalArgumentException.class,
        () -> spec("{\"base\": {\"seed\": 1}, \"grid\": {\"seed\": [1, 2]}}"));
    assertTrue(overlap.getMessage().contains("'seed' is in both base and grid"), overlap.getMessage());
    var scalar = assertThrows(IllegalArgumentException.class, () -> spec("{\"grid\": {\"seed\": 3}}"));
    assertTrue(scalar.getMessage().contains("grid option 'seed' must be a list"), scalar.getMessage());
    var key = assertThrows(IllegalArgumentException.class, () -> spec("{\"grid\": {\"seed\": [1]}, \"bse\": {}}"));
    assertTrue(key.getMessage().contains("unknown key 'bse'"), key.getMessage());
  }

  @Test
  void namesAreSafeDirectoryNames() {
    assertEquals("data-+tmp+x.jsonl", GridPoints.name(java.util.Map.of("data", "\"/tmp/x.jsonl\"")));
    assertThrows(IllegalArgumentException.class, () -> new GridPoint(0, "../up", java.util.Map.of(), java.util.Map.of()));
  }
}
