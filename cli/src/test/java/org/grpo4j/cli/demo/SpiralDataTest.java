package org.grpo4j.cli.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SpiralDataTest {
  @Test
  void rowsPicksThePointsAndLabelsAtTheGivenIndicesInOrder() {
    SpiralData d = SpiralData.generate(3, 5, 0.2, 7);
    int[] idx = {14, 0, 7, 7, 3};
    SpiralData r = d.rows(idx);
    assertEquals(idx.length, r.size());
    for (int i = 0; i < idx.length; i++) {
      assertArrayEquals(new float[] {d.points().getFloat(idx[i], 0), d.points().getFloat(idx[i], 1)},
          new float[] {r.points().getFloat(i, 0), r.points().getFloat(i, 1)});
      assertEquals(d.labels()[idx[i]], r.labels()[i]);
    }
    assertEquals(idx[0] / 5, r.labels()[0]); // point 14 is on arm 2
  }
}
