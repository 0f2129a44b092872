package org.grpo4j.autograd.ops;

import org.grpo4j.autograd.AlignedArrays;

/**
 * The kernel paths that can be switched while a process runs, for A/B timing in one JVM ({@code grpo4j bench --suite
 * ab}); each starts as its system property says. Both sides of a switch compute the same math; the attention switches
 * and {@link #ALIGNED_ARRAYS} give the same bits, {@link #DNNL_ATTENTION} results equal to rounding.
 */
public enum KernelSwitch {
  /** The backward recomputes attention's probabilities instead of saving them ({@code grpo4j.attention.recompute}). */
  ATTENTION_RECOMPUTE,
  /** Attention's backward keeps dS in each thread's block ({@code grpo4j.attention.dsBlocks}). */
  ATTENTION_DS_BLOCKS,
  /** Attention on oneDNN's batched brgemm where it loads ({@code grpo4j.dnnl.attention}). */
  DNNL_ATTENTION,
  /** The engine's float32 arrays start on 64-byte boundaries ({@code grpo4j.align}, {@link AlignedArrays}). */
  ALIGNED_ARRAYS,
  /** A small linear layer's dx and dw side by side ({@code grpo4j.blas.pairGradients}, {@link LinearGradients}). */
  PAIRED_GRADIENTS;

  /** Whether the switch is on now. */
  public boolean on() {
    return switch (this) {
      case ATTENTION_RECOMPUTE -> AttentionKernels.recompute;
      case ATTENTION_DS_BLOCKS -> AttentionKernels.dsBlocks;
      case DNNL_ATTENTION -> DnnlAttention.enabled;
      case ALIGNED_ARRAYS -> AlignedArrays.enabled();
      case PAIRED_GRADIENTS -> LinearGradients.enabled;
    };
  }

  /** Turns the switch on or off for every later call; not for use while a step runs on another thread. */
  public void set(boolean on) {
    switch (this) {
      case ATTENTION_RECOMPUTE -> AttentionKernels.recompute = on;
      case ATTENTION_DS_BLOCKS -> AttentionKernels.dsBlocks = on;
      case DNNL_ATTENTION -> DnnlAttention.enabled = on;
      case ALIGNED_ARRAYS -> AlignedArrays.enable(on);
      case PAIRED_GRADIENTS -> LinearGradients.enabled = on;
    }
  }
}
