package org.grpo4j.autograd;

/** One recorded op application: the op, its residual context and its input tensors. */
record Node(Op op, Context ctx, Tensor[] inputs) {}
