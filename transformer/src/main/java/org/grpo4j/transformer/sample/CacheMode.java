package org.grpo4j.transformer.sample;

/** Whether decoding reuses keys and values of earlier tokens or recomputes the whole sequence at each step. */
public enum CacheMode {
  /** Prefill once, then one token per step through the preallocated KV cache. */
  KV_CACHE,
  /** A full forward pass over prompt + generated tokens at every step (the reference, and the benchmark peer). */
  RECOMPUTE
}
