package org.grpo4j.transformer.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.grpo4j.autograd.GradMode;
import org.grpo4j.autograd.ops.PackedWeights;
import org.grpo4j.autograd.ops.ProbabilityRow;
import org.grpo4j.autograd.HostFloats;
import org.grpo4j.autograd.MemoryScope;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Parallel;
import org.grpo4j.autograd.Tensor;
import org.grpo4j.nn.ModeScope;
import org.grpo4j.nn.Parameter;
import org.grpo4j.transformer.KvCache;
import org.grpo4j.transformer.LanguageModel;
import org.grpo4j.transformer.SlotBatch;
import org.grpo4j.transformer.TokenBatch;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Generates continuations of prompts for RL rollouts, under {@code GradMode.noGrad()} with the model in eval mode.
 * A fixed number of KV-cache slots hold sequences; prompts wait in a queue. Each pass feeds, in one batch without
 * padding ({@link SlotBatch}), the whole prompt of every sequence just given a slot and the last token of every
 * other running sequence, and computes the head's logits only at each sequence's last token. A sequence that stops
 * (stop token, maximum new tokens, full context) frees its slot for the next waiting prompt; nothing is repacked.
 * Sequence i draws from its own random stream derived from (seed, i), so the draws do not depend on the slot count
 * (the rollout slots) or the schedule, and the same seed and slot count give bit-identical completions (another slot
 * count batches other rows together, which can move logits by rounding).
 */
public final class RolloutEngine {
  private final LanguageModel model;
  private final int slots;
  private final Consumer<SlotBatch> onPass;

  /** An engine running up to {@code slots} sequences of {@code model} at once (its rollout slots, at least 1). */
  public RolloutEngine(LanguageModel model, int slots) {
    this(model, slots, pass -> { });
  }

  /** An engine that also shows {@code onPass} the tokens of every pass through the cache (for tests of the schedule). */
  RolloutEngine(LanguageModel model, int slots, Consumer<SlotBatch> onPass) {
    if (slots < 1) {
      throw new IllegalArgumentException("rollout slots " + slots + " must be at least 1");
    }
    this.model = model;
    this.slots = slots;
    this.onPass = onPass;
  }

  /** One completion per prompt, every prompt in a slot of its own at once. */
  public static List<Completion> generate(LanguageModel model, List<int[]> prompts, SamplingConfig config) {
    return new RolloutEngine(model, Math.max(1, prompts.size())).generate(prompts, config);
  }

  /**
   * One completion per prompt with {@code rolloutSlots} KV-cache slots (at least 1; a finished sequence's slot takes
   * the next waiting prompt), or every prompt at once when {@code rolloutSlots} is null.
   */
  public static List<Completion> generate(LanguageModel model, List<int[]> prompts, SamplingConfig config,
      Integer rolloutSlots) {
    return rolloutSlots == null ? generate(model, prompts, config)
        : new RolloutEngine(model, rolloutSlots).generate(prompts, config);
  }

  /** One completion per prompt, in order (prompts are non-empty, at most the model's context long). */
  public List<Completion> generate(List<int[]> prompts, SamplingConfig config) {
    List<SequenceState> seqs = start(prompts, config);
    List<SequenceState> waiting = new ArrayList<>();
    for (SequenceState s : seqs) {
      if (!s.done()) {
        waiting.add(s);
      }
    }
    if (!waiting.isEmpty()) {
      try (GradMode.Scope g = GradMode.noGrad(); ModeScope m = model.eval();
          PackedWeights packed = PackedWeights.open(weights())) {
        if (config.cacheMode() == CacheMode.KV_CACHE) {
          decodeWithCache(waiting, config);
        } else {
          decodeByRecomputing(waiting, config);
        }
      }
    }
    List<Completion> out = new ArrayList<>(seqs.size());
    for (SequenceState s : seqs) {
      out.add(s.toCompletion());
    }
    return out;
  }

  /**
   * The model's weight matrices: every decode step multiplies by them, so the rollout packs each once for the CPU's
   * matrix kernel ({@link PackedWeights}) instead of once per product; nothing changes them during a rollout.
   */
  private List<INDArray> weights() {
    List<INDArray> out = new ArrayList<>();
    for (Parameter p : model.parameters()) {
      if (p.data().rank() == 2) {
        out.add(p.data());
      }
    }
    return out;
  }

  /** Checks the prompts and stop tokens and makes each sequence's state with its own random stream. */
  private List<SequenceState> start(List<int[]> prompts, SamplingConfig config) {
    int context = model.contextLength();
    int v = model.vocabSize();
    if (prompts.isEmpty()) {
      throw new IllegalArgumentException("sampling: no prompts");
    }
    for (int stop : config.stopTokens()) {
      if (stop < 0 || stop >= v) {
        throw new IllegalArgumentException("stop token id " + stop + " is outside the model's vocabulary [0, " + v
            + ")");
      }
    }
    List<SequenceState> seqs = new ArrayList<>(prompts.size());
    for (int i = 0; i < prompts.size(); i++) {
      int[] p = prompts.get(i);
      if (p.length == 0 || p.length > context) {
        throw new IllegalArgumentException("prompt " + i + " has " + p.length + " tokens; expected 1 to " + context
            + " (the model's context, n_positions)");
      }
      for (int j = 0; j < p.length; j++) {
        if (p[j] < 0 || p[j] >= v) {
          throw new IllegalArgumentException("prompt " + i + ": token id " + p[j] + " at index " + j
              + " is outside the vocabulary [0, " + v + ")");
        }
      }
      int limit = Math.min(config.maxNewTokens(), context - p.length);
      seqs.add(new SequenceState(i, p, limit, SequenceSeeds.stream(config.seed(), i)));
    }
    return seqs;
  }

  /** Continuous batching through a KV cache of min(slots, waiting) slots until every sequence has stopped. */
  private void decodeWithCache(List<SequenceState> waiting, SamplingConfig config) {
    int capacity = 0;
    for (SequenceState s : waiting) {
      capacity = Math.max(capacity, Math.min(model.contextLength(), s.prompt().length + config.maxNewTokens()));
    }
    int n = Math.min(slots, waiting.size());
    try (KvCache cache = model.newCache(n, capacity)) { // freed when the rollout ends, not at the next GC
      SequenceState[] inSlot = new SequenceState[n];
      int next = 0;
      float[] buffer = null; // the float logits' heap copy, reused pass after pass where one is needed
      while (true) {
        for (int slot = 0; slot < n && next < waiting.size(); slot++) {
          if (inSlot[slot] == null) {
            inSlot[slot] = waiting.get(next++);
            cache.reset(slot);
          }
        }
        List<Integer> ids = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        List<Integer> slotOf = new ArrayList<>();
        List<SequenceState> running = new ArrayList<>();
        List<Integer> lastRows = new ArrayList<>();
        for (int slot = 0; slot < n; slot++) {
          SequenceState s = inSlot[slot];
          if (s == null) {
            continue;
          }
          int from = cache.length(slot) == 0 ? 0 : s.length() - 1; // a new sequence feeds its prompt, others a token
          for (int p = from; p < s.length(); p++) {
            ids.add(p < s.prompt().length ? s.prompt()[p] : s.lastToken());
            positions.add(p);
            slotOf.add(slot);
          }
          running.add(s);
          lastRows.add(ids.size() - 1);
        }
        if (running.isEmpty()) {
          return;
        }
        SlotBatch pass = new SlotBatch(toInts(ids), toInts(positions), toInts(slotOf));
        onPass.accept(pass);
        buffer = chooseNext(() -> model.hidden(pass, cache), toInts(lastRows), buffer, running, config);
        for (int slot = 0; slot < n; slot++) {
          if (inSlot[slot] != null && inSlot[slot].done()) {
            inSlot[slot] = null;
          }
        }
      }
    }
  }

  /** The reference: a full forward pass over every running sequence (right-padded) at every step, no cache. */
  private void decodeByRecomputing(List<SequenceState> seqs, SamplingConfig config) {
    float[] buffer = null;
    while (true) {
      List<SequenceState> running = new ArrayList<>();
      List<int[]> rows = new ArrayList<>();
      for (SequenceState s : seqs) {
        if (!s.done()) {
          running.add(s);
          rows.add(s.sequence());
        }
      }
      if (running.isEmpty()) {
        return;
      }
      TokenBatch batch = TokenBatch.rightPadded(rows, 0);
      int[] last = new int[running.size()];
      for (int b = 0; b < last.length; b++) {
        last[b] = b * batch.time() + rows.get(b).length - 1;
      }
      buffer = chooseNext(() -> model.hidden(batch, null), last, buffer, running, config);
    }
  }

  /**
   * Runs {@code hidden} (hidden states (B, T, C)) in a recycling memory scope and has each running sequence choose
   * its next token from its row of the head's logits at the given rows of the flattened (B * T, C) states, (rows,
   * V); rows in parallel (each sequence has its own stream and state). A float32 model's rows are read where they
   * lie ({@link ProbabilityRow}) or else copied to the heap, into {@code last} when it is large enough; a float64
   * model's become doubles ({@link TokenDistribution}'s path). Nothing of the pass escapes; returns the heap buffer
   * for the next pass (null while none was needed).
   */
  private float[] chooseNext(java.util.function.Supplier<Tensor> hidden, int[] rows, float[] last,
      List<SequenceState> running, SamplingConfig config) {
    int v = model.vocabSize();
    long work = 16L * running.size() * v;
    try (MemoryScope scope = MemoryScope.recycling()) {
      INDArray h = hidden.get().data();
      INDArray flat = h.reshape('c', h.length() / h.size(-1), h.size(-1)); // (B*T, C)
      INDArray picked = rows.length == flat.rows() && isIdentity(rows) ? flat : MemoryScope.adopt(flat.getRows(rows));
      INDArray out = model.head(Tensor.of(picked)).data(); // (rows, V)
      if (ProbabilityRow.usable(out, v)) {
        Parallel.forEach(running.size(), work, i -> running.get(i).choose(out, (long) i * v, v, config));
        return last;
      }
      if (!HostFloats.usable(out)) {
        double[] d = Nd.toDoubles(out);
        Parallel.forEach(running.size(), work, i -> running.get(i).choose(d, i * v, v, config));
        return last;
      }
      float[] buffer = last != null && last.length >= out.length() ? last : new float[Math.toIntExact(out.length())];
      HostFloats.read(out, buffer);
      Parallel.forEach(running.size(), work, i -> running.get(i).choose(buffer, i * v, v, config));
      return buffer;
    }
  }

  private static boolean isIdentity(int[] rows) {
    for (int i = 0; i < rows.length; i++) {
      if (rows[i] != i) {
        return false;
      }
    }
    return true;
  }

  private static int[] toInts(List<Integer> xs) {
    int[] a = new int[xs.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = xs.get(i);
    }
    return a;
  }
}
