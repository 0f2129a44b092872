package org.grpo4j.cli;

import java.util.concurrent.Callable;
import org.grpo4j.bench.AutogradBenchmark;
import org.grpo4j.cli.check.Bounds;
import org.grpo4j.cli.check.ExistingOutput;
import org.grpo4j.cli.check.Outputs;
import org.grpo4j.bench.MemoryCheck;
import org.grpo4j.bench.TrainingMemoryCheck;
import org.grpo4j.autograd.ops.KernelSwitch;
import org.grpo4j.bench.peers.PeerWorkloads;
import org.grpo4j.bench.peers.PeersBenchmark;
import org.grpo4j.bench.peers.SwitchAb;
import org.grpo4j.bench.transformer.TransformerBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code grpo4j bench}: timings against peers measured in the same run, printed as ratios. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks against peers measured in the same run and prints ratios: autograd (MLP and attention"
        + " fwd+bwd vs SameDiff and hand-written ND4J), transformer (GPT training step vs SameDiff; sampling with vs"
        + " without KV cache), memory (off-heap stays flat over 20,000 steps), train (one GRPO iteration at the"
        + " defaults of grpo4j train, split into rollout, reward and training time), peers (torch_bench.py's workloads,"
        + " --json FILE in its shape, with this machine's sgemm and bandwidth limits), ab (one peers workload with a"
        + " kernel --switch off and on, alternating blocks of calls in one process: the on/off ratio with its 95%%"
        + " interval).")
public final class BenchCommand implements Callable<Integer> {

  /** Which benchmarks to run. */
  enum Suite {
    AUTOGRAD,
    TRANSFORMER,
    MEMORY,
    /** One GRPO iteration at {@code grpo4j train}'s default sizes (not part of ALL). */
    TRAIN,
    /** Heap and off-heap stay flat over a GPT training run of --memory-steps steps (not part of ALL). */
    TRAINING_MEMORY,
    /** The workloads of shared/peer/torch_bench.py, same names and JSON shape (not part of ALL). */
    PEERS,
    /** Scoring and decoding a model of Qwen2.5-0.5B's shapes, batch 16 x 128 new tokens (not part of ALL). */
    QWEN,
    /** One peers workload (--only) with a kernel switch (--switch) off and on in one process (not part of ALL). */
    AB,
    ALL
  }

  @Option(names = "--quick", description = "shorter warm-up and fewer rounds (noisier)")
  boolean quick;

  @Option(names = "--suite", description = "one of ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
  Suite suite = Suite.ALL;

  @Option(names = "--memory-steps", description = "steps of the memory and training_memory checks (default"
      + " ${DEFAULT-VALUE})")
  int memorySteps = 20_000;

  @Option(names = "--memory-every", paramLabel = "N", description = "training_memory: print heap, off-heap and their"
      + " parts every N steps (default 0: only the summary)")
  int memoryEvery;

  @Option(names = "--json", paramLabel = "FILE", description = "peers and qwen suites: write results as JSON"
      + " (torch_bench.py's shape; checked before the first workload, missing directories created; an existing"
      + " FILE is an error unless --overwrite)")
  java.nio.file.Path json;

  @Option(names = "--overwrite", description = "replace an existing --json FILE")
  boolean overwrite;

  @Option(names = "--warmup-s", paramLabel = "SECONDS", description = "peers suite: after torch_bench.py's two"
      + " warm-up calls, keep calling each workload untimed until this many seconds have passed, so the JIT has"
      + " compiled its loops (default ${DEFAULT-VALUE}; 0 times it exactly as torch_bench.py does; give"
      + " bench/peer/torch_bench.py the same --warmup-s)")
  double warmupSeconds = PeersBenchmark.DEFAULT_WARMUP_SECONDS;

  @Option(names = "--only", split = ",", paramLabel = "NAME", description = "peers suite: only these workloads;"
      + " ab suite: the one workload")
  java.util.Set<String> only = java.util.Set.of();

  @Option(names = "--switch", paramLabel = "SWITCH", description = "ab suite: the kernel switch to time off and"
      + " on, one of ${COMPLETION-CANDIDATES}")
  KernelSwitch kernelSwitch;

  @Option(names = "--cycles", paramLabel = "N", description = "ab suite: cycles of an off and an on block (default"
      + " " + DEFAULT_CYCLES + "; at least " + SwitchAb.MIN_CYCLES + ")")
  Integer cycles;

  private static final int DEFAULT_CYCLES = 30;

  @Option(names = "--block", paramLabel = "CALLS", description = "ab suite: calls per block, the block's median"
      + " counting (default: 2 x the workload's calls per round + 1)")
  Integer block;

  @Override
  public Integer call() throws java.io.IOException {
    if (suite != Suite.AB && (kernelSwitch != null || block != null || cycles != null)) {
      throw new IllegalArgumentException("--switch, --cycles and --block apply to --suite ab only");
    }
    if (json != null) { // checked before any workload runs, so a long run never fails at its end
      if (suite != Suite.PEERS && suite != Suite.QWEN && suite != Suite.AB) {
        throw new IllegalArgumentException("--json " + json + " applies to the peers, qwen and ab suites only; --suite "
            + suite.name().toLowerCase(java.util.Locale.ROOT) + " writes no JSON");
      }
      Outputs.file(json, "--json", ExistingOutput.of(overwrite, false)); // written whole, atomically
      java.nio.file.Files.createDirectories(json.toAbsolutePath().getParent());
    }
    if (overwrite && json == null) {
      throw new IllegalArgumentException("--overwrite applies to --json FILE only, and no --json was given");
    }
    if (!only.isEmpty() && suite != Suite.PEERS && suite != Suite.AB) {
      throw new IllegalArgumentException("--only " + String.join(",", only) + " applies to the peers and ab suites"
          + " only");
    }
    if (suite == Suite.AB) {
      return switchAb();
    }
    if (suite == Suite.TRAINING_MEMORY) {
      Bounds.require("--memory-steps", memorySteps, 5, 100_000_000);
      Bounds.require("--memory-every", memoryEvery, 0, memorySteps);
      TrainingMemoryCheck.run(memorySteps, Math.min(1000, memorySteps / 5), memoryEvery, System.out);
      return 0;
    }
    if (suite == Suite.PEERS) {
      Bounds.require("--warmup-s", warmupSeconds, 0, PeersBenchmark.MAX_WARMUP_SECONDS);
      PeersBenchmark.run(quick, warmupSeconds, only, json, System.out);
      return 0;
    }
    Bounds.require("--memory-steps", memorySteps, 2000, 100_000_000);
    if (suite == Suite.MEMORY || suite == Suite.ALL) { // first: its baseline is this fresh process
      MemoryCheck.run(quick ? Math.min(memorySteps, 5000) : memorySteps, 1000, System.out);
    }
    if (suite == Suite.AUTOGRAD || suite == Suite.ALL) {
      AutogradBenchmark.run(quick, System.out);
    }
    if (suite == Suite.TRANSFORMER || suite == Suite.ALL) {
      TransformerBenchmark.run(quick, System.out);
    }
    if (suite == Suite.TRAIN || suite == Suite.ALL) {
      org.grpo4j.cli.train.TrainDefaults.benchmark(quick ? 1 : 3, quick ? 3 : 7, System.out);
    }
    if (suite == Suite.QWEN) {
      org.grpo4j.bench.transformer.QwenShapeBenchmark.runSuite(quick ? 1 : 2, json, System.out);
    }
    return 0;
  }

  private int switchAb() throws java.io.IOException {
    if (kernelSwitch == null) {
      throw new IllegalArgumentException("--suite ab needs --switch, one of "
          + java.util.Arrays.toString(KernelSwitch.values()).toLowerCase(java.util.Locale.ROOT));
    }
    if (only.size() != 1) {
      throw new IllegalArgumentException("--suite ab times one workload: --only NAME, one of "
          + PeerWorkloads.all().keySet() + (only.isEmpty() ? "" : " (got " + String.join(",", only) + ")"));
    }
    int n = cycles == null ? DEFAULT_CYCLES : Bounds.require("--cycles", cycles, SwitchAb.MIN_CYCLES,
        SwitchAb.MAX_CYCLES);
    Bounds.require("--warmup-s", warmupSeconds, 0, PeersBenchmark.MAX_WARMUP_SECONDS);
    if (block != null) {
      Bounds.require("--block", block, 1, 1000);
    }
    SwitchAb.run(only.iterator().next(), kernelSwitch, n, block == null ? 0 : block, warmupSeconds, json,
        System.out); // which checks the workload's name
    return 0;
  }
}
