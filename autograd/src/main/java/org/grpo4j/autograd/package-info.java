/**
 * Reverse-mode automatic differentiation over ND4J arrays: {@link org.grpo4j.autograd.Tensor}, one file per
 * primitive op in {@code ops} (forward and backward side by side), the backward engine, grad modes and
 * gradient checking.
 */
package org.grpo4j.autograd;
