package org.grpo4j.bench.peers;

/** FLOP and byte counts of the GPT shapes the peer workloads use (matrix products only, causal half of attention). */
final class PeerShapes {
  private PeerShapes() {}

  /** Forward FLOPs of one position at context position t (attends t + 1 keys): 24 L d^2 + 4 L d (t + 1) + 2 d V. */
  static double forwardFlopsAt(int layers, int d, int vocab, double keys) {
    return layers * (24.0 * d * d + 4.0 * d * keys) + 2.0 * d * vocab;
  }

  /** Forward FLOPs of a causal sequence of {@code t} positions (each attends to itself and what precedes it). */
  static double sequenceForwardFlops(int layers, int d, int vocab, int t) {
    return t * forwardFlopsAt(layers, d, vocab, (t + 1) / 2.0);
  }

  /**
   * Forward FLOPs a rollout needs for a prompt of {@code t} tokens: every position through the blocks, the head at the
   * last position only (the next token's logits; the positions before it need none, and the engine computes none).
   */
  static double prefillFlops(int layers, int d, int vocab, int t) {
    return sequenceForwardFlops(layers, d, vocab, t) - (t - 1) * 2.0 * d * vocab;
  }

  /** Parameter bytes read per decode step in float32: every block's matrices, the tied head, layer norms. */
  static double decodeWeightBytes(int layers, int d, int vocab) {
    double block = 12.0 * d * d + 13.0 * d; // c_attn, c_proj, c_fc, mlp c_proj with biases, two layer norms
    return 4.0 * (layers * block + (double) d * vocab + 2.0 * d);
  }
}
