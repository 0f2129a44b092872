package org.grpo4j.transformer.sample;

import java.util.Map;
import java.util.WeakHashMap;
import org.grpo4j.transformer.KvCache;
import org.grpo4j.transformer.LanguageModel;

/**
 * One KV cache per model kept from one decode to the next, so that a loop of rollouts does not allocate a new cache
 * every call: allocating (and so zeroing) GPT-2 small's 755 MB cache for 64 sequences of 160 positions took 1.7-2.9 s
 * on a 2-core VM, about a tenth of that decode (docs/perf.md). A kept cache is lent when it has at least the slots and
 * positions asked for (the rest go unused: every slot is reset before use and a reset slot's old keys are never
 * read); otherwise it is freed and a new one of the size asked for is made.
 */
final class SpareCaches {
  private static final Map<LanguageModel, KvCache> SPARE = new WeakHashMap<>();

  private SpareCaches() {}

  /** A cache of at least {@code slots} slots of {@code capacity} positions for {@code model}, every slot empty. */
  static KvCache borrow(LanguageModel model, int slots, int capacity) {
    KvCache kept;
    synchronized (SPARE) {
      kept = SPARE.remove(model);
    }
    if (kept != null && kept.slots() >= slots && kept.capacity() >= capacity) {
      for (int s = 0; s < kept.slots(); s++) {
        kept.reset(s);
      }
      return kept;
    }
    if (kept != null) {
      kept.close(); // before the new one is allocated
    }
    return model.newCache(slots, capacity);
  }

  /** Keeps {@code cache} for {@code model}'s next decode (freeing the one kept before, if any). */
  static void giveBack(LanguageModel model, KvCache cache) {
    KvCache old;
    synchronized (SPARE) {
      old = SPARE.put(model, cache);
    }
    if (old != null && old != cache) {
      old.close();
    }
  }

  /** Frees the cache kept for {@code model}, if any. */
  static void release(LanguageModel model) {
    KvCache old;
    synchronized (SPARE) {
      old = SPARE.remove(model);
    }
    if (old != null) {
      old.close();
    }
  }
}
