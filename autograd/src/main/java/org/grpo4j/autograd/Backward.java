package org.grpo4j.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The reverse-mode engine: iterative topological sort, fan-out accumulation, residual freeing. */
final class Backward {
  private Backward() {}

  /**
   * Propagates {@code seed} from {@code root} through the recorded graph. With {@code targets == null} the
   * gradients of leaves (and of tensors marked retainGrad) are accumulated into their {@code grad}; otherwise
   * nothing is written and the gradients of the targets are returned (null for a target the root does not
   * depend on).
   */
  static INDArray[] run(Tensor root, INDArray seed, boolean retainGraph, Tensor[] targets) {
    if (!root.requiresGrad()) {
      throw new IllegalStateException("backward: the tensor of shape " + Nd.shape(root.shape())
          + " does not require grad (no input required grad, or it was computed under GradMode.noGrad())");
    }
    INDArray start = checkSeed(root, seed);
    List<Tensor> order = topologicalOrder(root);
    Map<Tensor, Integer> targetIndex = new IdentityHashMap<>();
    INDArray[] result = targets == null ? null : new INDArray[targets.length];
    if (targets != null) {
      for (int i = 0; i < targets.length; i++) {
        targetIndex.put(targets[i], i);
      }
    }
    Map<Tensor, INDArray> grads = new IdentityHashMap<>();
    Set<INDArray> owned = Collections.newSetFromMap(new IdentityHashMap<>());
    grads.put(root, start);
    for (int k = order.size() - 1; k >= 0; k--) {
      Tensor t = order.get(k);
      INDArray g = grads.remove(t);
      if (g == null) {
        continue;
      }
      // g leaves the engine's hands here: a backward may return it as the gradient of several inputs
      boolean own = owned.remove(g);
      Node node = t.node();
      if (targets != null) {
        Integer idx = targetIndex.get(t);
        if (idx != null) {
          result[idx] = own && node == null ? g : g.dup();
          MemoryScope.escape(result[idx]);
        }
      } else if (t.isLeaf() || t.retainsGrad()) {
        t.accumulateGrad(g, own && node == null);
      }
      if (node == null) {
        continue;
      }
      if (node.ctx().isFreed()) {
        throw new IllegalStateException("backward: the graph through " + node.op().name()
            + " was already freed by an earlier backward; pass retainGraph = true to backward twice");
      }
      INDArray[] inputGrads = node.op().backward(node.ctx(), g);
      Tensor[] inputs = node.inputs();
      for (int i = 0; i < inputs.length; i++) {
        Tensor in = inputs[i];
        if (!in.requiresGrad()) {
          continue;
        }
        INDArray gi = inputGrads[i];
        if (gi == null) {
          throw new IllegalStateException(node.op().name() + ".backward returned no gradient for input " + i);
        }
        if (!Arrays.equals(gi.shape(), in.shape())) {
          throw new IllegalStateException(node.op().name() + ".backward returned a gradient of shape "
              + Nd.shape(gi.shape()) + " for input " + i + " of shape " + Nd.shape(in.shape()));
        }
        boolean exclusive = exclusive(i, inputGrads, node, t, g, own);
        if (MemoryScope.active()) {
          if (exclusive) {
            MemoryScope.track(gi);
          }
        } else {
          MemoryGuard.allocated(gi);
        }
        INDArray prev = grads.get(in);
        if (prev == null) {
          grads.put(in, gi);
          if (exclusive) {
            owned.add(gi);
          }
        } else if (owned.contains(prev)) {
          prev.addi(gi);
        } else if (exclusive) {
          grads.put(in, gi.addi(prev));
          owned.add(gi);
        } else {
          INDArray sum = prev.add(gi);
          MemoryScope.track(sum);
          owned.add(sum);
          grads.put(in, sum);
        }
      }
      if (!retainGraph) {
        node.ctx().free();
      }
    }
    return result;
  }

  /**
   * True when gradient {@code i} returned by a backward shares memory with nothing else the engine or the
   * user can still see: not with another returned gradient, the op's residuals, its inputs or output, and not
   * with the upstream gradient unless that one was exclusive itself. Only exclusive arrays are updated in place.
   */
  private static boolean exclusive(int i, INDArray[] returned, Node node, Tensor output, INDArray g, boolean gOwn) {
    long a = address(returned[i]);
    if (a == 0) {
      return false;
    }
    for (int j = 0; j < returned.length; j++) {
      if (j != i && returned[j] != null && address(returned[j]) == a) {
        return false;
      }
    }
    for (INDArray s : node.ctx().savedArrays()) {
      if (s != null && address(s) == a) {
        return false;
      }
    }
    for (Tensor in : node.inputs()) {
      if (address(in.data()) == a) {
        return false;
      }
    }
    if (address(output.data()) == a) {
      return false;
    }
    return address(g) != a || gOwn;
  }

  /** The address of the buffer behind x; views, reshapes and permutations share their base's address. */
  private static long address(INDArray x) {
    return x.length() == 0 ? 0 : x.data().address();
  }

  private static INDArray checkSeed(Tensor root, INDArray seed) {
    if (seed == null) {
      if (root.data().length() != 1) {
        throw new IllegalArgumentException("backward: the output of shape " + Nd.shape(root.shape())
            + " is not a scalar; pass a seed gradient of that shape");
      }
      INDArray one = Nd.empty(root.dtype(), root.shape()); // pooled in a recycling scope
      one.putScalar(0, 1.0);
      MemoryScope.track(one);
      return one;
    }
    if (!Arrays.equals(seed.shape(), root.shape())) {
      throw new ShapeException("backward: seed of shape " + Nd.shape(seed.shape())
          + " does not match the output shape " + Nd.shape(root.shape()));
    }
    if (seed.dataType() != root.dtype()) {
      throw new ShapeException("backward: seed dtype " + seed.dataType() + " does not match the output dtype "
          + root.dtype());
    }
    return seed;
  }

  /** Post-order DFS without recursion: every tensor appears after all tensors it was computed from. */
  static List<Tensor> topologicalOrder(Tensor root) {
    List<Tensor> order = new ArrayList<>();
    Set<Tensor> visited = Collections.newSetFromMap(new IdentityHashMap<>());
    ArrayDeque<Tensor> stack = new ArrayDeque<>();
    ArrayDeque<Integer> next = new ArrayDeque<>();
    stack.push(root);
    next.push(0);
    visited.add(root);
    while (!stack.isEmpty()) {
      Tensor t = stack.peek();
      int i = next.pop();
      Node node = t.node();
      Tensor[] inputs = node == null ? new Tensor[0] : node.inputs();
      while (i < inputs.length && (!inputs[i].requiresGrad() || visited.contains(inputs[i]))) {
        i++;
      }
      if (i < inputs.length) {
        next.push(i + 1);
        Tensor child = inputs[i];
        visited.add(child);
        stack.push(child);
        next.push(0);
      } else {
        stack.pop();
        order.add(t);
      }
    }
    return order;
  }
}
