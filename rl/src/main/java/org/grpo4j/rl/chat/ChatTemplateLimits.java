package org.grpo4j.rl.chat;

/**
 * Bounds on one rendering, so a hostile or broken template ends with an error instead of running away: output
 * characters, nesting depth of tags, the largest {@code range()}, and macro recursion.
 */
public record ChatTemplateLimits(long maxOutputChars, int maxRenderDepth, int rangeLimit, int maxMacroRecursion) {

  /** 1 MiB of output, depth 20, ranges of 10,000, macro recursion 20: far above any real chat template's needs. */
  public static final ChatTemplateLimits DEFAULT = new ChatTemplateLimits(1 << 20, 20, 10_000, 20);

  /** Validates that every bound is positive. */
  public ChatTemplateLimits {
    if (maxOutputChars < 1 || maxRenderDepth < 1 || rangeLimit < 1 || maxMacroRecursion < 1) {
      throw new IllegalArgumentException("chat template limits must be positive, got output " + maxOutputChars
          + ", depth " + maxRenderDepth + ", range " + rangeLimit + ", macro recursion " + maxMacroRecursion);
    }
  }
}
