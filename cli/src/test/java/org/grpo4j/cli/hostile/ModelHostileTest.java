package org.grpo4j.cli.hostile;

import static org.grpo4j.cli.hostile.Hostile.fails;
import static org.grpo4j.cli.hostile.Hostile.usage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Hostile checkpoints and options for {@code grpo4j score} and {@code grpo4j sample}. */
class ModelHostileTest {
  @TempDir static Path dir;
  static String ok;
  static String nan;
  static String inf;

  @BeforeAll
  static void fixtures() throws IOException {
    ok = Fixtures.checkpoint(dir.resolve("ok")).toString();
    nan = Fixtures.brokenWeights(dir.resolve("nan"), Float.NaN).toString();
    inf = Fixtures.brokenWeights(dir.resolve("inf"), Float.NEGATIVE_INFINITY).toString();
    edit("layers", "\"n_layer\" : 2", "\"n_layer\" : 1000000");
    edit("embd", "\"n_embd\" : 16", "\"n_embd\" : 1048576");
    edit("vocab", "\"vocab_size\" : 20", "\"vocab_size\" : 2147483647");
    edit("layer-string", "\"n_layer\" : 2", "\"n_layer\" : \"2\"");
    edit("layer-fraction", "\"n_layer\" : 2", "\"n_layer\" : 2.5");
    edit("layer-long", "\"n_layer\" : 2", "\"n_layer\" : 99999999999");
    edit("layer-negative", "\"n_layer\" : 2", "\"n_layer\" : -2");
    edit("head-bad", "\"n_head\" : 2", "\"n_head\" : 3");
    edit("llama", "\"model_type\" : \"gpt2\"", "\"model_type\" : \"llama\"");
    edit("unknown", "\"n_layer\" : 2", "\"rotary_dim\" : 64, \"n_layer\" : 2");
    edit("untied", "\"tie_word_embeddings\" : true", "\"tie_word_embeddings\" : false");
    edit("tie-string", "\"tie_word_embeddings\" : true", "\"tie_word_embeddings\" : \"yes\"");
    edit("eps-string", "\"layer_norm_epsilon\" : 1.0E-5", "\"layer_norm_epsilon\" : \"small\"");
    edit("inner", "\"n_inner\" : null", "\"n_inner\" : 99");
    edit("relu", "\"gelu_new\"", "\"relu\"");
    edit("ctx", "\"n_ctx\" : 32", "\"n_ctx\" : 64");
    Fixtures.checkpoint(dir.resolve("notjson"));
    Fixtures.text(dir.resolve("notjson/config.json"), "{\"n_layer\": 2,");
    Fixtures.checkpoint(dir.resolve("array"));
    Fixtures.text(dir.resolve("array/config.json"), "[1, 2]");
    Fixtures.checkpoint(dir.resolve("bigconfig"));
    Fixtures.longLine(dir.resolve("bigconfig/config.json"), 2_000_000);
    Fixtures.checkpoint(dir.resolve("garbage"));
    Fixtures.text(dir.resolve("garbage/model.safetensors"), "this is not a safetensors file at all");
    Fixtures.checkpoint(dir.resolve("noweights"));
    Files.delete(dir.resolve("noweights/model.safetensors"));
    Fixtures.checkpoint(dir.resolve(".gone.1234.old")); // a save into "gone" stopped between its renames
    Fixtures.text(dir.resolve("afile"), "not a directory");
  }

  private static void edit(String name, String from, String to) throws IOException {
    Fixtures.editedConfig(dir.resolve(name), from, to);
  }

  private static String at(String name) {
    return dir.resolve(name).toString();
  }

  @TestFactory
  Stream<DynamicTest> score() {
    return Hostile.all(dir,
        fails("n_layer of a million in a 1 kB config", "n_layer 1000000", "score", "--checkpoint", at("layers"), "--ids", "1 2"),
        fails("n_embd 2^20 against small weights", "n_embd 1048576", "score", "--checkpoint", at("embd"), "--ids", "1 2"),
        fails("vocab_size 2^31-1", "vocab_size 2147483647", "score", "--checkpoint", at("vocab"), "--ids", "1 2"),
        fails("NaN weights", "NaN", "score", "--checkpoint", nan, "--ids", "1 2 3"),
        fails("NaN weights name the tensor", "transformer.h.1.mlp.c_fc.weight", "score", "--checkpoint", nan, "--ids", "1 2"),
        fails("infinite weights", "-Infinity", "score", "--checkpoint", inf, "--ids", "1 2"),
        fails("NaN weights unscanned: the score names the position", "completion position 0", "score", "--checkpoint",
            nan, "--ids", "1 2 3", "--no-weight-scan"),
        fails("n_layer as a string", "'n_layer'", "score", "--checkpoint", at("layer-string"), "--ids", "1 2"),
        fails("n_layer 2.5", "2.5", "score", "--checkpoint", at("layer-fraction"), "--ids", "1 2"),
        fails("n_layer beyond int", "99999999999", "score", "--checkpoint", at("layer-long"), "--ids", "1 2"),
        fails("negative n_layer", "n_layer -2", "score", "--checkpoint", at("layer-negative"), "--ids", "1 2"),
        fails("n_embd not divisible by n_head", "n_head 3", "score", "--checkpoint", at("head-bad"), "--ids", "1 2"),
        fails("unknown model_type", "llama", "score", "--checkpoint", at("llama"), "--ids", "1 2"),
        fails("unknown field", "rotary_dim", "score", "--checkpoint", at("unknown"), "--ids", "1 2"),
        fails("untied head", "tie_word_embeddings false", "score", "--checkpoint", at("untied"), "--ids", "1 2"),
        fails("boolean field as a string", "\"yes\"", "score", "--checkpoint", at("tie-string"), "--ids", "1 2"),
        fails("epsilon as a string", "layer_norm_epsilon", "score", "--checkpoint", at("eps-string"), "--ids", "1 2"),
        fails("n_inner other than 4 n_embd", "n_inner 99", "score", "--checkpoint", at("inner"), "--ids", "1 2"),
        fails("another activation", "relu", "score", "--checkpoint", at("relu"), "--ids", "1 2"),
        fails("n_ctx differs from n_positions", "n_ctx 64", "score", "--checkpoint", at("ctx"), "--ids", "1 2"),
        fails("truncated JSON", "not valid JSON", "score", "--checkpoint", at("notjson"), "--ids", "1 2"),
        fails("a JSON array", "expected a JSON object", "score", "--checkpoint", at("array"), "--ids", "1 2"),
        fails("a 2 MB config.json", "2000000 bytes", "score", "--checkpoint", at("bigconfig"), "--ids", "1 2"),
        fails("garbage weights file", "model.safetensors", "score", "--checkpoint", at("garbage"), "--ids", "1 2"),
        fails("no weights file", "no model.safetensors", "score", "--checkpoint", at("noweights"), "--ids", "1 2"),
        fails("missing directory", "no config.json", "score", "--checkpoint", at("missing"), "--ids", "1 2"),
        fails("a file as checkpoint", "no config.json", "score", "--checkpoint", at("afile"), "--ids", "1 2"),
        fails("interrupted save names the complete .old", ".gone.1234.old", "score", "--checkpoint", at("gone"),
            "--ids", "1 2"),
        fails("id outside the vocabulary", "token id 25", "score", "--checkpoint", ok, "--ids", "1 25"),
        fails("negative id", "-3", "score", "--checkpoint", ok, "--ids", "1 -3"),
        fails("not an id", "'x'", "score", "--checkpoint", ok, "--ids", "1 x"),
        fails("id beyond int", "99999999999", "score", "--checkpoint", ok, "--ids", "1 99999999999"),
        fails("one id only", "at least 2", "score", "--checkpoint", ok, "--ids", "7"),
        fails("more ids than the context", "n_positions", "score", "--checkpoint", ok, "--ids", "1 ".repeat(40)),
        usage("unknown option", "--bogus", "score", "--checkpoint", ok, "--ids", "1 2", "--bogus"),
        usage("missing --ids", "--ids", "score", "--checkpoint", ok));
  }

  @TestFactory
  Stream<DynamicTest> sample() {
    return Hostile.all(dir,
        fails("no samples", "--num-samples 0", "sample", "--checkpoint", ok, "--prompt-ids", "1", "--num-samples", "0"),
        fails("zero rollout slots", "--rollout-slots 0", "sample", "--checkpoint", ok, "--prompt-ids", "1",
            "--rollout-slots", "0"),
        fails("negative rollout slots", "--rollout-slots -1", "sample", "--checkpoint", ok, "--prompt-ids", "1",
            "--rollout-slots", "-1"),
        usage("rollout slots not a number", "--rollout-slots", "sample", "--checkpoint", ok, "--prompt-ids", "1",
            "--rollout-slots", "2.5"),
        fails("--system-prompt without --chat", "--system-prompt 'be nice' needs --chat", "sample", "--checkpoint", ok,
            "--prompt-ids", "1", "--system-prompt", "be nice"),
        fails("two billion samples", "--num-samples 2000000000", "sample", "--checkpoint", ok, "--prompt-ids", "1",
            "--num-samples", "2000000000"),
        usage("samples beyond int", "99999999999", "sample", "--checkpoint", ok, "--prompt-ids", "1", "--num-samples",
            "99999999999"),
        fails("negative max new tokens", "--max-new-tokens -5", "sample", "--checkpoint", ok, "--prompt-ids", "1",
            "--max-new-tokens", "-5"),
        fails("stop id outside the vocabulary", "token id 99", "sample", "--checkpoint", ok, "--prompt-ids", "1",
            "--stop-ids", "99"),
        fails("negative stop id", "-1", "sample", "--checkpoint", ok, "--prompt-ids", "1", "--stop-ids", "-1"),
        fails("top-k beyond the vocabulary", "--top-k 1000", "sample", "--checkpoint", ok, "--prompt-ids", "1",
            "--top-k", "1000"),
        fails("top-p above 1", "top-p 1.5", "sample", "--checkpoint", ok, "--prompt-ids", "1", "--top-p", "1.5"),
        fails("zero temperature", "temperature 0.0", "sample", "--checkpoint", ok, "--prompt-ids", "1",
            "--temperature", "0"),
        fails("NaN temperature", "NaN", "sample", "--checkpoint", ok, "--prompt-ids", "1", "--temperature", "NaN"),
        fails("NaN weights", "NaN", "sample", "--checkpoint", nan, "--prompt-ids", "1"),
        fails("NaN weights unscanned: the step is named", "sampling step 0", "sample", "--checkpoint", nan,
            "--prompt-ids", "1", "--no-weight-scan"),
        fails("huge n_layer", "n_layer 1000000", "sample", "--checkpoint", at("layers"), "--prompt-ids", "1"),
        fails("prompt id outside the vocabulary", "token id 21", "sample", "--checkpoint", ok, "--prompt-ids", "1 21"),
        fails("text without a tokenizer", "has no tokenizer", "sample", "--checkpoint", ok, "--prompt", "hello"),
        fails("prompt longer than the context", "33 tokens", "sample", "--checkpoint", ok, "--prompt-ids",
            "1 ".repeat(33)),
        fails("wrong-type config", "'n_layer'", "sample", "--checkpoint", at("layer-string"), "--prompt-ids", "1"),
        usage("both prompt forms", "mutually exclusive", "sample", "--checkpoint", ok, "--prompt", "a",
            "--prompt-ids", "1"));
  }

  /** Needs a user that file permissions apply to: skipped when running as root, which reads any file. */
  @Test
  void anUnreadableWeightsFileSaysPermissionDenied(@TempDir Path own) throws IOException {
    Path ck = Fixtures.checkpoint(own.resolve("ck")); // not under dir, whose snapshots read every file
    Path weights = ck.resolve("model.safetensors");
    Files.setPosixFilePermissions(weights, PosixFilePermissions.fromString("---------"));
    try {
      assumeFalse(Files.isReadable(weights), "file permissions do not apply to this user (root)");
      Hostile.Run r = Hostile.run("score", "--checkpoint", ck.toString(), "--ids", "1 2");
      assertEquals(1, r.exit(), r.err());
      assertEquals("error: checkpoint " + ck + ": cannot read model.safetensors: " + weights + ": permission denied",
          r.err().strip());
    } finally {
      Files.setPosixFilePermissions(weights, PosixFilePermissions.fromString("rw-r--r--"));
    }
  }
}
