package org.grpo4j.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The score buffer's size classes: a power of two at least the scores' length, so growing decodes reuse buffers. */
class CachedAttentionBucketTest {
  @Test
  void bucketsArePowersOfTwoAtLeastTheLengthAndAtMostTwiceIt() {
    assertEquals(1, CachedAttention.bucket(1));
    assertEquals(2, CachedAttention.bucket(2));
    assertEquals(4, CachedAttention.bucket(3));
    assertEquals(1024, CachedAttention.bucket(1024));
    assertEquals(2048, CachedAttention.bucket(1025));
    for (long n = 1; n < 100_000; n += 37) {
      long b = CachedAttention.bucket(n);
      assertTrue(b >= n && b < 2 * n + 1 && Long.bitCount(b) == 1, n + " -> " + b);
    }
    // a GPT-2 decode of 64 sequences x 12 heads: steps 20 to 40 share two buffers
    assertEquals(2, java.util.stream.LongStream.rangeClosed(20, 40).map(k -> CachedAttention.bucket(64L * 12 * k))
        .distinct().count());
  }
}
