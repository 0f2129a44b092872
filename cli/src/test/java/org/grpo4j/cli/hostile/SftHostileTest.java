package org.grpo4j.cli.hostile;

import static org.grpo4j.cli.hostile.Hostile.fails;
import static org.grpo4j.cli.hostile.Hostile.usage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Hostile data, sizes and outputs for {@code grpo4j sft}: every one fails before training starts. */
class SftHostileTest {
  @TempDir static Path dir;
  static String data;
  static String fresh;

  @BeforeAll
  static void fixtures() throws IOException {
    data = Fixtures.text(dir.resolve("ids.jsonl"), "{\"prompt_ids\": [1, 2], \"completion_ids\": [3, 4]}\n").toString();
    fresh = dir.resolve("fresh-out").toString(); // never created by a failing run
    Fixtures.checkpoint(dir.resolve("existing"));
    Fixtures.brokenWeights(dir.resolve("nan"), Float.NaN);
    Fixtures.editedConfig(dir.resolve("layers"), "\"n_layer\" : 2", "\"n_layer\" : 1000000");
    Fixtures.text(dir.resolve("afile"), "x");
    Fixtures.longLine(dir.resolve("long.jsonl"), 50_000_000);
    Fixtures.text(dir.resolve("notjson.jsonl"), "{\"prompt_ids\": [1]}\n{oops\n");
    Fixtures.text(dir.resolve("maxid.jsonl"), "{\"prompt_ids\": [1], \"completion_ids\": [2147483647]}\n");
    Fixtures.text(dir.resolve("negid.jsonl"), "{\"prompt_ids\": [1], \"completion_ids\": [-1]}\n");
    Fixtures.text(dir.resolve("strid.jsonl"), "{\"prompt_ids\": [1], \"completion_ids\": \"3 4\"}\n");
    Fixtures.text(dir.resolve("empty.jsonl"), "\n\n");
    Fixtures.bytes(dir.resolve("latin1.jsonl"), (byte) '{', (byte) 0xE9, (byte) '}', (byte) '\n');
    Fixtures.text(dir.resolve("big-id.jsonl"), "{\"prompt_ids\": [1], \"completion_ids\": [25]}\n");
  }

  private static String at(String name) {
    return dir.resolve(name).toString();
  }

  @TestFactory
  Stream<DynamicTest> sft() {
    return Hostile.all(dir,
        fails("--out under a file", "is a file", "sft", "--data", data, "--out", at("afile") + "/ckpt"),
        fails("--out is a file", "is a file", "sft", "--data", data, "--out", at("afile")),
        fails("--out not writable", "not writable", "sft", "--data", data, "--out", "/proc/grpo4j-hostile/out"),
        fails("--out empty", "--out is empty", "sft", "--data", data, "--out", ""),
        fails("--out the root", "--out / is a filesystem root", "sft", "--data", data, "--out", "/"),
        fails("--out holds a checkpoint", "already holds model.safetensors", "sft", "--data", data, "--out",
            at("existing")),
        fails("--resume without a checkpoint", "holds no checkpoint", "sft", "--data", data, "--out", fresh,
            "--resume"),
        fails("--resume with --init", "--init", "sft", "--data", data, "--out", fresh, "--resume", "--init",
            at("existing")),
        fails("endless line", "longer than 16,777,216 bytes", "sft", "--data", "/dev/zero", "--out", fresh),
        fails("a 50 MB line", "line 1 is longer than", "sft", "--data", at("long.jsonl"), "--out", fresh),
        fails("missing data", "no such file", "sft", "--data", at("nothing.jsonl"), "--out", fresh),
        fails("data is a directory", "is a directory", "sft", "--data", at("existing"), "--out", fresh),
        fails("not JSON", "line 2", "sft", "--data", at("notjson.jsonl"), "--out", fresh),
        fails("no records", "has no records", "sft", "--data", at("empty.jsonl"), "--out", fresh),
        fails("invalid UTF-8", "not valid UTF-8", "sft", "--data", at("latin1.jsonl"), "--out", fresh),
        fails("token id 2^31-1 makes the vocabulary overflow int", "2147483648", "sft", "--data",
            at("maxid.jsonl"), "--out", fresh),
        fails("negative token id", "-1", "sft", "--data", at("negid.jsonl"), "--out", fresh),
        fails("ids as a string", "completion_ids", "sft", "--data", at("strid.jsonl"), "--out", fresh),
        fails("ids outside the --init model's vocabulary", "token id 25 is outside the model's vocabulary of ", "sft",
            "--data", at("big-id.jsonl"), "--out", fresh, "--init", at("existing")),
        fails("a million layers", "n_layer 1000000", "sft", "--data", data, "--out", fresh, "--n-layer", "1000000"),
        fails("n_embd 2^20", "n_embd 1048576", "sft", "--data", data, "--out", fresh, "--n-embd", "1048576",
            "--n-head", "2"),
        fails("two billion vocabulary", "--vocab-size 2000000000", "sft", "--data", data, "--out", fresh,
            "--vocab-size", "2000000000"),
        fails("zero layers", "n_layer 0", "sft", "--data", data, "--out", fresh, "--n-layer", "0"),
        fails("zero steps", "--steps 0", "sft", "--data", data, "--out", fresh, "--steps", "0"),
        fails("negative batch", "--batch-size -1", "sft", "--data", data, "--out", fresh, "--batch-size", "-1"),
        fails("NaN learning rate", "--lr NaN", "sft", "--data", data, "--out", fresh, "--lr", "NaN"),
        fails("dropout 1.5", "dropout 1.5", "sft", "--data", data, "--out", fresh, "--dropout", "1.5"),
        fails("NaN --init weights", "NaN", "sft", "--data", data, "--out", fresh, "--init", at("nan")),
        fails("huge --init config", "n_layer 1000000", "sft", "--data", data, "--out", fresh, "--init", at("layers")),
        usage("steps beyond int", "99999999999", "sft", "--data", data, "--out", fresh, "--steps", "99999999999"),
        usage("missing --out", "--out", "sft", "--data", data));
  }
}
