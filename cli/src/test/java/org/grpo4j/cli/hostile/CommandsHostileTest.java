package org.grpo4j.cli.hostile;

import static org.grpo4j.cli.hostile.Hostile.fails;
import static org.grpo4j.cli.hostile.Hostile.usage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Hostile options for {@code grpo4j demo}, {@code grpo4j bench} and the tool itself, and what --debug adds. */
class CommandsHostileTest {
  @TempDir static Path dir;

  @BeforeAll
  static void fixtures() throws IOException {
    Files.createDirectories(dir.resolve("earlier"));
    Fixtures.text(dir.resolve("earlier/metrics.jsonl"), "{\"step\": 1}\n");
    Fixtures.text(dir.resolve("afile"), "x");
    Fixtures.text(dir.resolve("earlier.json"), "{\"impl\": \"grpo4j\"}\n");
  }

  private static String at(String name) {
    return dir.resolve(name).toString();
  }

  @TestFactory
  Stream<DynamicTest> demo() {
    String out = at("demo-out");
    return Hostile.all(dir,
        fails("zero hidden", "--hidden 0", "demo", "--hidden", "0", "--out", out),
        fails("a million hidden", "--hidden 1000000", "demo", "--hidden", "1000000", "--out", out),
        fails("negative steps", "--steps -1", "demo", "--steps", "-1", "--out", out),
        fails("zero batch", "batch = 0", "demo", "--batch", "0", "--out", out),
        fails("NaN learning rate", "NaN", "demo", "--lr", "NaN", "--out", out),
        fails("earlier results", "already holds metrics.jsonl", "demo", "--out", at("earlier")),
        fails("--out is a file", "is a file", "demo", "--out", at("afile")),
        fails("--out not writable", "not writable", "demo", "--out", "/proc/grpo4j-hostile"),
        fails("--out empty", "--out is empty", "demo", "--out", ""),
        fails("--out the root", "--out / is a filesystem root", "demo", "--out", "/"),
        usage("hidden beyond int", "99999999999", "demo", "--hidden", "99999999999"));
  }

  @TestFactory
  Stream<DynamicTest> benchAndTool() {
    return Hostile.all(dir,
        fails("too few memory steps", "--memory-steps 10", "bench", "--memory-steps", "10"),
        fails("too many memory steps", "--memory-steps 2000000000", "bench", "--memory-steps", "2000000000"),
        fails("negative sample interval", "--memory-every -1", "bench", "--suite", "training_memory",
            "--memory-steps", "100", "--memory-every", "-1"),
        fails("sample interval beyond the run", "--memory-every 101", "bench", "--suite", "training_memory",
            "--memory-steps", "100", "--memory-every", "101"),
        fails("too few training memory steps", "--memory-steps 4", "bench", "--suite", "training_memory",
            "--memory-steps", "4"),
        fails("negative warm-up", "--warmup-s -1", "bench", "--suite", "peers", "--warmup-s", "-1"),
        fails("warm-up not a number", "--warmup-s NaN", "bench", "--suite", "peers", "--warmup-s", "NaN"),
        usage("unknown suite", "BOGUS", "bench", "--suite", "BOGUS"),
        fails("unknown peers workload", "unknown peers workload 'nosuch'", "bench", "--suite", "peers", "--only",
            "nosuch"),
        fails("--json is a directory", "is a directory; expected a file", "bench", "--suite", "peers", "--only",
            "mlp", "--json", dir.toString()),
        fails("--json not writable", "not writable", "bench", "--suite", "peers", "--only", "mlp", "--json",
            "/proc/grpo4j-hostile/peers.json"),
        fails("--json under a file", "is a file, not a directory", "bench", "--suite", "peers", "--only", "mlp",
            "--json", at("afile") + "/peers.json"),
        fails("--json exists", "--json " + at("earlier.json") + " already exists; pass --overwrite", "bench",
            "--suite", "peers", "--only", "mlp", "--json", at("earlier.json")),
        fails("--json exists, qwen suite", "already exists; pass --overwrite", "bench", "--suite", "qwen", "--json",
            at("earlier.json")),
        fails("--overwrite without --json", "--overwrite applies to --json", "bench", "--suite", "peers", "--only",
            "mlp", "--overwrite"),
        fails("--json with a suite that writes none", "applies to the peers, qwen and ab suites only", "bench",
            "--suite", "autograd", "--json", at("autograd.json")),
        fails("--only outside the peers suite", "applies to the peers and ab suites only", "bench", "--suite",
            "autograd", "--only", "mlp"),
        fails("ab without a switch", "--suite ab needs --switch, one of [attention_recompute", "bench", "--suite",
            "ab", "--only", "mlp"),
        fails("ab without a workload", "--suite ab times one workload: --only NAME", "bench", "--suite", "ab",
            "--switch", "attention_recompute"),
        fails("ab with two workloads", "(got mlp,attention)", "bench", "--suite", "ab", "--switch",
            "attention_recompute", "--only", "mlp,attention"),
        fails("ab with an unknown workload", "unknown peers workload 'nosuch'", "bench", "--suite", "ab",
            "--switch", "attention_recompute", "--only", "nosuch"),
        fails("ab with too few cycles", "--cycles 5", "bench", "--suite", "ab", "--switch", "attention_recompute",
            "--only", "mlp", "--cycles", "5"),
        fails("ab with an empty block", "--block 0", "bench", "--suite", "ab", "--switch", "attention_recompute",
            "--only", "mlp", "--block", "0"),
        fails("ab's options on another suite", "apply to --suite ab only", "bench", "--suite", "peers",
            "--switch", "attention_recompute"),
        fails("ab's --json exists", "already exists; pass --overwrite", "bench", "--suite", "ab", "--switch",
            "attention_recompute", "--only", "mlp", "--json", at("earlier.json")),
        usage("unknown switch", "nosuch_switch", "bench", "--suite", "ab", "--switch", "nosuch_switch", "--only",
            "mlp"),
        usage("no subcommand", "a subcommand is required"),
        usage("unknown subcommand", "frobnicate", "frobnicate"),
        usage("unknown option", "--frob", "--frob"));
  }

  @Test
  void debugAddsTheStackTrace() {
    Hostile.Run plain = Hostile.run("demo", "--hidden", "0", "--out", at("debug-out"));
    Hostile.Run debug = Hostile.run("demo", "--hidden", "0", "--out", at("debug-out"), "--debug");
    assertEquals(1, debug.exit());
    assertTrue(!plain.err().contains("\tat ") && debug.err().contains("\tat org.grpo4j.cli"), debug.err());
    assertTrue(debug.err().strip().endsWith(plain.err().strip()), "the same last line: " + debug.err());
  }
}
