package org.grpo4j.rl.task.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.grpo4j.rl.task.Problem;
import org.junit.jupiter.api.Test;

/** The dataset task: a seeded held-out split and seeded per-epoch shuffles of the training problems. */
class DatasetTaskTest {
  private static final List<Problem> PROBLEMS = problems(50);

  private static List<Problem> problems(int n) {
    List<Problem> ps = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ps.add(new Problem("p" + i, "Q: " + i + "+1=?\nA:", Integer.toString(i + 1), " " + i + "+1=" + (i + 1)));
    }
    return ps;
  }

  private static List<String> ids(List<Problem> ps) {
    return ps.stream().map(Problem::id).toList();
  }

  @Test
  void splitIsSeededDisjointAndCoversEveryProblem() {
    DatasetTask t = DatasetTask.split("gsm8k", PROBLEMS, 10, 5);
    assertEquals(10, t.heldOut().size());
    assertEquals(40, t.trainingSet().orElseThrow().size());
    Set<String> all = new HashSet<>(ids(t.heldOut()));
    all.addAll(ids(t.trainingSet().orElseThrow()));
    assertEquals(50, all.size());
    assertEquals(ids(t.heldOut()), ids(DatasetTask.split("gsm8k", PROBLEMS, 10, 5).heldOut()));
    assertNotEquals(ids(t.heldOut()), ids(DatasetTask.split("gsm8k", PROBLEMS, 10, 6).heldOut()));
    assertNotEquals(ids(PROBLEMS.subList(40, 50)), ids(t.heldOut()), "the split is shuffled, not the file's tail");
    assertEquals(0, DatasetTask.split("gsm8k", PROBLEMS, 0, 5).heldOut().size());
  }

  @Test
  void everyEpochVisitsEachTrainingProblemOnceInAFreshOrder() {
    DatasetTask t = DatasetTask.split("gsm8k", PROBLEMS, 10, 5);
    int n = 40;
    List<List<String>> epochs = new ArrayList<>();
    for (int e = 0; e < 3; e++) {
      List<String> order = new ArrayList<>();
      for (int k = 0; k < n; k++) {
        order.add(t.trainProblem((long) e * n + k).id());
      }
      assertEquals(new HashSet<>(ids(t.trainingSet().orElseThrow())), new HashSet<>(order), "epoch " + e);
      assertEquals(n, new HashSet<>(order).size());
      epochs.add(order);
    }
    assertNotEquals(epochs.get(0), epochs.get(1));
    assertNotEquals(epochs.get(1), epochs.get(2));
    assertNotEquals(ids(t.trainingSet().orElseThrow()), epochs.get(0), "epoch 0 is shuffled too");
  }

  @Test
  void problemIDependsOnlyOnSeedAndIndexWhateverTheAccessOrder() {
    DatasetTask a = DatasetTask.split("gsm8k", PROBLEMS, 10, 5);
    DatasetTask b = DatasetTask.split("gsm8k", PROBLEMS, 10, 5);
    long[] jumps = {0, 4_000_000_000L, 3, 41, 7, 4_000_000_039L, 1};
    for (long i : jumps) {
      b.trainProblem(i * 7 + 11); // disturb b's epoch cache
      assertEquals(a.trainProblem(i), b.trainProblem(i), "index " + i);
    }
  }

  @Test
  void givenHeldOutIsUsedAsIs() {
    DatasetTask t = DatasetTask.withHeldOut("math", PROBLEMS.subList(0, 30), PROBLEMS.subList(30, 35), 1, 0.2);
    assertEquals(ids(PROBLEMS.subList(30, 35)), ids(t.heldOut()));
    assertEquals(30, t.trainingSet().orElseThrow().size());
    assertEquals(0.2, t.rewards().get(1).weight());
    assertEquals("math", t.name());
    Problem p = t.heldOut().get(0);
    assertTrue(t.solved(p, " #### " + p.reference()));
    assertEquals("correct", t.rewards().get(0).function().score(p, p.solution()).status());
  }

  @Test
  void badArgumentsNameTheValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DatasetTask.split("gsm8k", PROBLEMS, 50, 5));
    assertTrue(e.getMessage().contains("held-out size 50 must be in 0..49"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> DatasetTask.split("gsm8k", PROBLEMS, -1, 5));
    e = assertThrows(IllegalArgumentException.class, () -> DatasetTask.split("gsm 8k", PROBLEMS, 1, 5));
    assertTrue(e.getMessage().contains("'gsm 8k'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> DatasetTask.withHeldOut("m", List.of(), PROBLEMS, 1, 0.1));
    e = assertThrows(IllegalArgumentException.class,
        () -> DatasetTask.split("gsm8k", PROBLEMS, 1, 5).trainProblem(-3));
    assertTrue(e.getMessage().contains("-3"), e.getMessage());
  }
}
