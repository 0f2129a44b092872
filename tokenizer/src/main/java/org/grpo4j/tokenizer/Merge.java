package org.grpo4j.tokenizer;

/** One BPE merge rule: the adjacent pair ({@code left}, {@code right}) becomes token {@code result}. */
public record Merge(int left, int right, int result) {

  /** Validates that all three ids are non-negative and the result differs from both parts. */
  public Merge {
    if (left < 0 || right < 0 || result < 0) {
      throw new IllegalArgumentException(
          "merge ids must be non-negative, got (" + left + ", " + right + ") -> " + result);
    }
    if (result == left || result == right) {
      throw new IllegalArgumentException(
          "merge result must be a new token, got (" + left + ", " + right + ") -> " + result);
    }
  }
}
