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
  void bundleAxisSetsSeveralOptionsAndIsLabelledByItsNamesake() throws Exception {
    List<GridPoint> ps = GridPoints.of(spec("{\"grid\": {\"task\": [{\"task\": \"math\"}, {\"digits\": 1, "
        + "\"max-new-tokens\": 12}], \"seed\": [4]}}"));
    assertEquals(List.of("task-math_seed-4", "task-2_seed-4"), ps.stream().map(GridPoint::name).toList());
    assertEquals("math", ps.get(0).plain("task"));
    assertEquals(null, ps.get(0).options().get("digits"));
    assertEquals("1", ps.get(1).options().get("digits"));
    assertEquals("12", ps.get(1).options().get("max-new-tokens"));
    var unknown = assertThrows(IllegalArgumentException.class,
        () -> GridPoints.of(spec("{\"grid\": {\"task\": [{\"digitz\": 1}]}}")));
    assertTrue(unknown.getMessage().contains("grid bundle 'task': unknown option 'digitz'"), unknown.getMessage());
    var twice = assertThrows(IllegalArgumentException.class,
        () -> spec("{\"base\": {\"digits\": 2}, \"grid\": {\"task\": [{\"digits\": 1}]}}"));
    assertTrue(twice.getMessage().contains("'digits' in grid bundle 'task' is also set in base"), twice.getMessage());
    var mixed = assertThrows(IllegalArgumentException.class, () -> spec("{\"grid\": {\"task\": [{}, \"math\"]}}"));
    assertTrue(mixed.getMessage().contains("mixes option bundles"), mixed.getMessage());
  }

  @Test
  void namesAreSafeDirectoryNames() {
    assertEquals("data-+tmp+x.jsonl", GridPoints.name(java.util.Map.of("data", "\"/tmp/x.jsonl\"")));
    assertThrows(IllegalArgumentException.class, () -> new GridPoint(0, "../up", java.util.Map.of(), java.util.Map.of()));
  }
}
