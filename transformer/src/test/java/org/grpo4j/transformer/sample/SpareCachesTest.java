package org.grpo4j.transformer.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.grpo4j.transformer.Gpt;
import org.grpo4j.transformer.GptConfig;
import org.grpo4j.transformer.KvCache;
import org.junit.jupiter.api.Test;

/** The KV cache kept between decodes: lent when large enough, and its stale keys never change a later decode. */
class SpareCachesTest {
  final Gpt model = new Gpt(GptConfig.of(2, 2, 16, 12, 24), 5);

  @Test
  void aKeptCacheIsLentWhenLargeEnoughAndReplacedOtherwise() {
    RolloutEngine.releaseCache(model);
    KvCache first = SpareCaches.borrow(model, 4, 10);
    assertEquals(4, first.slots());
    assertEquals(10, first.capacity());
    SpareCaches.giveBack(model, first);
    KvCache smaller = SpareCaches.borrow(model, 3, 8);
    assertSame(first, smaller, "3 slots of 8 positions fit in 4 of 10");
    for (int s = 0; s < smaller.slots(); s++) {
      assertEquals(0, smaller.length(s), "slot " + s + " is empty when lent");
    }
    SpareCaches.giveBack(model, smaller);
    KvCache longer = SpareCaches.borrow(model, 4, 11);
    assertNotSame(first, longer);
    assertEquals(11, longer.capacity());
    SpareCaches.giveBack(model, longer);
    assertNotSame(longer, SpareCaches.borrow(model, 5, 11), "more slots than kept: a new cache");
    RolloutEngine.releaseCache(model);
  }

  @Test
  void aDecodeThroughAReusedCacheEqualsOneThroughAFreshCache() {
    List<int[]> prompts = List.of(new int[] {1, 2, 3}, new int[] {7}, new int[] {3, 3, 9, 4});
    List<int[]> many = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      many.add(new int[] {(i * 5) % 12, (i * 7 + 1) % 12, 2});
    }
    SamplingConfig c = SamplingConfig.sample(10, 11).withTemperature(1.3);
    RolloutEngine.releaseCache(model);
    List<Completion> fresh = RolloutEngine.generate(model, prompts, c);
    for (Integer slots : new Integer[] {null, 2}) {
      RolloutEngine.generate(model, many, SamplingConfig.sample(20, 3)); // fills 6 slots of 23 positions
      List<Completion> reused = RolloutEngine.generate(model, prompts, c, slots);
      for (int i = 0; i < prompts.size(); i++) {
        assertArrayEquals(fresh.get(i).tokens(), reused.get(i).tokens(), "sequence " + i + ", slots " + slots);
      }
    }
    RolloutEngine.releaseCache(model);
  }
}
