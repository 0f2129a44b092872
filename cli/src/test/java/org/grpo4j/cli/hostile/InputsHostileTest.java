package org.grpo4j.cli.hostile;

import static org.grpo4j.cli.hostile.Hostile.fails;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training inputs that were once read silently: bytes that are not UTF-8, empty datasets and held-out sets that do
 * not fit, options that another option makes meaningless, token ids that are not integers. All refused, named.
 */
class InputsHostileTest {
  @TempDir static Path dir;
  static String fresh;

  @BeforeAll
  static void fixtures() throws IOException {
    fresh = dir.resolve("fresh-out").toString(); // never created by a failing run
    Fixtures.bytes(dir.resolve("latin1.jsonl"), concat("{\"question\": \"1+1?\", \"answer\": \"#### 2\"}\n"
        + "{\"question\": \"caf", new byte[] {(byte) 0xE9}, "?\", \"answer\": \"#### 3\"}\n"));
    Fixtures.text(dir.resolve("empty.jsonl"), "");
    Fixtures.text(dir.resolve("blank.jsonl"), "\n\n");
    Fixtures.text(dir.resolve("one.jsonl"), "{\"question\": \"1+1?\", \"answer\": \"#### 2\"}\n");
    StringBuilder twenty = new StringBuilder();
    for (int i = 1; i <= 20; i++) {
      twenty.append("{\"question\": \"").append(i).append("+1?\", \"answer\": \"#### ").append(i + 1).append("\"}\n");
    }
    Fixtures.text(dir.resolve("twenty.jsonl"), twenty.toString());
    Fixtures.text(dir.resolve("all-bad.jsonl"), "{\"question\": \"1+1?\"}\n[2]\n");
    Fixtures.checkpoint(dir.resolve("ckpt"));
    Fixtures.checkpoint(dir.resolve("badvocab"));
    Fixtures.bytes(dir.resolve("badvocab/char_vocab.txt"), (byte) 'a', (byte) '\n', (byte) 'b', (byte) 0xFF);
    Fixtures.checkpoint(dir.resolve("chars"));
    Fixtures.text(dir.resolve("chars/char_vocab.txt"), "abcdefghij");
    Fixtures.text(dir.resolve("ids.jsonl"), "{\"prompt_ids\": [1, 2], \"completion_ids\": [3, 4]}\n");
    Fixtures.text(dir.resolve("text.jsonl"), "{\"prompt\": \"ab\", \"completion\": \"cd\"}\n");
    Fixtures.text(dir.resolve("fraction.jsonl"), "\n{\"prompt_ids\": [1.5, 2], \"completion_ids\": [3]}\n");
    Fixtures.text(dir.resolve("float.jsonl"), "{\"prompt_ids\": [1], \"completion_ids\": [3.0]}\n");
    Fixtures.text(dir.resolve("shape.json"), "{\"n-layer\": 4, \"n-head\": 2}\n");
    Fixtures.text(dir.resolve("code-options.json"), "{\"examples\": 1, \"digits\": 3}\n");
  }

  private static byte[] concat(String a, byte[] b, String c) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.writeBytes(a.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    out.writeBytes(b);
    out.writeBytes(c.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private static String at(String name) {
    return dir.resolve(name).toString();
  }

  private static String[] train(String... more) {
    List<String> a = new ArrayList<>(List.of("train", "--out", fresh, "--no-progress"));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  private static String[] sft(String data, String... more) {
    List<String> a = new ArrayList<>(List.of("sft", "--data", at(data), "--out", fresh));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  @TestFactory
  Stream<DynamicTest> notUtf8() {
    return Hostile.all(dir,
        fails("gsm8k line not UTF-8", "latin1.jsonl:2: line is not valid UTF-8 (malformed byte 0xE9",
            train("--data", at("latin1.jsonl"))),
        fails("math line not UTF-8", "latin1.jsonl:1: missing field \"problem\"",
            train("--data", at("latin1.jsonl"), "--data-format", "math")),
        fails("held-out line not UTF-8", "latin1.jsonl:2: line is not valid UTF-8",
            train("--data", at("twenty.jsonl"), "--held-out-data", at("latin1.jsonl"))),
        fails("char vocabulary not UTF-8 (train)", "char_vocab.txt is not valid UTF-8: malformed byte 0xFF at line 2",
            train("--init", at("badvocab"))),
        fails("char vocabulary not UTF-8 (sample)", "char_vocab.txt is not valid UTF-8", "sample", "--checkpoint",
            at("badvocab"), "--prompt", "ab"));
  }

  @TestFactory
  Stream<DynamicTest> sizes() {
    return Hostile.all(dir,
        fails("empty --data", "--data " + at("empty.jsonl") + " holds no problems", train("--data", at("empty.jsonl"))),
        fails("blank --data", "--data " + at("blank.jsonl") + " holds no problems", train("--data", at("blank.jsonl"))),
        fails("every line skipped", "holds no problems (expected JSONL, one GSM8K problem a line; 2 malformed lines "
            + "skipped, the first: all-bad.jsonl:1: missing field \"answer\"",
            train("--data", at("all-bad.jsonl"), "--malformed", "skip")),
        fails("empty --held-out-data", "--held-out-data " + at("empty.jsonl") + " holds no problems",
            train("--data", at("twenty.jsonl"), "--held-out-data", at("empty.jsonl"))),
        fails("one problem to split", "has 1 problem; at least 2 are needed", train("--data", at("one.jsonl"))),
        fails("--task-held-out leaves none to train", "--task-held-out 100 leaves no problem to train on: --data "
            + at("twenty.jsonl") + " has 20 (expected 0 to 19", train("--data", at("twenty.jsonl"),
            "--task-held-out", "100")),
        fails("--task-held-out 20 of 20", "--task-held-out 20 leaves no problem",
            train("--data", at("twenty.jsonl"), "--task-held-out", "20")),
        fails("--task-held-out negative", "--task-held-out -1 is out of range",
            train("--data", at("twenty.jsonl"), "--task-held-out", "-1")));
  }

  @TestFactory
  Stream<DynamicTest> conflicts() {
    return Hostile.all(dir,
        fails("train --init with --n-layer", "--n-layer cannot be combined with --init",
            train("--init", at("chars"), "--n-layer", "4")),
        fails("train --init with shape options", "--n-head, --n-embd, --n-positions cannot be combined with --init",
            train("--init", at("chars"), "--n-embd", "64", "--n-head", "4", "--n-positions", "8")),
        fails("--data-format without --data", "--data-format needs --data", train("--data-format", "math")),
        fails("--malformed without --data", "--malformed needs --data", train("--malformed", "skip")),
        fails("math options with --task code", "--digits, --word-problems cannot be combined with --task CODE",
            train("--task", "code", "--digits", "3", "--word-problems")),
        fails("code options with --task math", "--examples cannot be combined with --task MATH",
            train("--examples", "2")),
        fails("sandbox options with --task math", "--sandbox-time-ms cannot be combined with --task MATH",
            train("--sandbox-time-ms", "100")),
        fails("generated-math options with --data", "--ops cannot be combined with --data",
            train("--data", at("twenty.jsonl"), "--ops", "mul")),
        fails("sft --init with new-model options", "--n-layer, --model-type cannot be combined with --init",
            sft("ids.jsonl", "--init", at("ckpt"), "--model-type", "llama", "--n-layer", "5")),
        fails("sft --init with --char-vocab", "--char-vocab cannot be combined with --init",
            sft("text.jsonl", "--init", at("chars"), "--char-vocab")),
        fails("sft --resume with --n-embd", "--n-embd cannot be combined with --resume", "sft", "--data",
            at("ids.jsonl"), "--out", at("ckpt"), "--resume", "--n-embd", "32"),
        fails("sft --resume with --overwrite", "--overwrite cannot be combined with --resume", "sft", "--data",
            at("ids.jsonl"), "--out", at("ckpt"), "--resume", "--overwrite"),
        fails("sample --greedy with --temperature", "--temperature cannot be combined with --greedy", "sample",
            "--checkpoint", at("ckpt"), "--prompt-ids", "1 2", "--greedy", "--temperature", "0.5"),
        fails("sample --greedy with --top-p and --top-k", "--top-k, --top-p cannot be combined with --greedy",
            "sample", "--checkpoint", at("ckpt"), "--prompt-ids", "1 2", "--greedy", "--top-p", "0.5", "--top-k", "3"),
        fails("sample --greedy with --seed", "--seed cannot be combined with --greedy", "sample", "--checkpoint",
            at("ckpt"), "--prompt-ids", "1 2", "--greedy", "--seed", "7"),
        fails("--task-held-out with --held-out-data", "--task-held-out cannot be combined with --held-out-data",
            train("--data", at("twenty.jsonl"), "--held-out-data", at("twenty.jsonl"), "--task-held-out", "3")),
        fails("--config shape options with --init", "--n-layer (config " + at("shape.json") + "), --n-head (config "
            + at("shape.json") + ") cannot be combined with --init", train("--init", at("chars"), "--config",
            at("shape.json"))),
        fails("--config code options with --task math", "--examples (config " + at("code-options.json") + ") "
            + "cannot be combined with --task MATH", train("--config", at("code-options.json"))));
  }

  @TestFactory
  Stream<DynamicTest> tokenIds() {
    return Hostile.all(dir,
        fails("a fractional token id", "fraction.jsonl line 2 (record 1): 'prompt_ids' holds 1.5, not a token id",
            sft("fraction.jsonl")),
        fails("a token id written as a float", "'completion_ids' holds 3.0, not a token id", sft("float.jsonl")));
  }
}
