package org.grpo4j.bench.peers;

/**
 * One workload of {@code --suite peers}, defined as in {@code shared/peer/torch_bench.py}: the call to time, how
 * many calls make a round and how many rounds, tokens per call (0 where tokens do not apply), useful FLOPs per
 * call (matrix products, the causal half of attention) and weight bytes streamed per call (decoding; 0 elsewhere).
 */
public record PeerWorkload(String name, int reps, int rounds, long tokens, double flops, double weightBytes,
    Runnable call) {}
