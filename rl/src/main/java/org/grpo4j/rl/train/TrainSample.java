package org.grpo4j.rl.train;

/**
 * One output as the update sees it: prompt and completion ids, the old policy's per-token log-probabilities, the
 * reference policy's (null without a KL term), its advantage, its group, and whether it is masked out of the loss.
 */
record TrainSample(int[] prompt, int[] tokens, double[] oldLogp, double[] refLogp, double advantage, int group,
    boolean masked) {
  TrainSample withRefLogp(double[] ref) {
    return new TrainSample(prompt, tokens, oldLogp, ref, advantage, group, masked);
  }
}
