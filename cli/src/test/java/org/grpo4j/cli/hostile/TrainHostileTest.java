package org.grpo4j.cli.hostile;

import static org.grpo4j.cli.hostile.Hostile.fails;
import static org.grpo4j.cli.hostile.Hostile.usage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Hostile options, configs, data and outputs for {@code grpo4j train} and {@code grpo4j verify}: refused before work. */
class TrainHostileTest {
  @TempDir static Path dir;
  static String fresh;

  @BeforeAll
  static void fixtures() throws IOException {
    fresh = dir.resolve("fresh-out").toString(); // never created by a failing run
    Fixtures.text(dir.resolve("afile"), "x");
    java.nio.file.Files.createDirectories(dir.resolve("run"));
    Fixtures.text(dir.resolve("run/metrics.jsonl"), "{\"step\": 1}\n");
    Fixtures.checkpoint(dir.resolve("ckpt"));
    Fixtures.brokenWeights(dir.resolve("nan"), Float.NaN);
    Fixtures.editedConfig(dir.resolve("layers"), "\"n_layer\" : 2", "\"n_layer\" : 1000000");
    for (String d : List.of("nan", "layers")) { // a tokenizer, so the weights are what is wrong
      Fixtures.text(dir.resolve(d).resolve("char_vocab.txt"), "abcdefghij");
    }
    java.nio.file.Files.createDirectories(dir.resolve("raising"));
    Fixtures.text(dir.resolve("raising/tokenizer_config.json"), "{\"chat_template\": \"{{ raise_exception('no "
        + "system role') }}\"}");
    Fixtures.text(dir.resolve("notjson.json"), "{ group-size: 4");
    Fixtures.text(dir.resolve("list.json"), "[1, 2]");
    Fixtures.text(dir.resolve("unknown.json"), "{\"group-sise\": 4}");
    Fixtures.text(dir.resolve("badtype.json"), "{\"group-size\": \"many\"}");
    Fixtures.text(dir.resolve("nested.json"), "{\"lr\": {\"value\": 1}}");
    Fixtures.text(dir.resolve("gsm-bad.jsonl"), "{\"question\": \"1+1?\", \"answer\": \"2 #### 2\"}\n[3]\n");
    Fixtures.text(dir.resolve("gsm-noanswer.jsonl"), "{\"question\": \"1+1?\", \"answer\": \"two\"}\n");
    Fixtures.longLine(dir.resolve("long.jsonl"), 3_000_000);
    Fixtures.text(dir.resolve("verify-bad.jsonl"), "{\"completion\": \"1\", \"gold\": 1}\n");
  }

  private static String at(String name) {
    return dir.resolve(name).toString();
  }

  private static String[] train(String... more) {
    List<String> a = new ArrayList<>(List.of("train", "--out", fresh, "--no-progress"));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  @TestFactory
  Stream<DynamicTest> train() {
    return Hostile.all(dir,
        fails("--out holds an earlier run", "is not empty", "train", "--out", at("run")),
        fails("--out is a file", "is a file", "train", "--out", at("afile")),
        fails("--out under a file", "cannot be created", "train", "--out", at("afile") + "/run"),
        fails("--out not writable", "not writable", "train", "--out", "/proc/grpo4j-hostile/run"),
        fails("--out empty", "--out is empty", "train", "--out", ""),
        fails("--out the root", "--out / is a filesystem root", "train", "--out", "/"),
        usage("unknown objective", "grpo-nois", train("--objective", "ppo")),
        usage("unknown task", "MATH", train("--task", "poetry")),
        usage("G not a number", "--group-size", train("--group-size", "eight")),
        fails("G < 2", "--group-size 1", train("--group-size", "1")),
        fails("G huge", "--group-size 100000", train("--group-size", "100000")),
        fails("K < 1", "--inner-steps 0", train("--inner-steps", "0")),
        fails("B overflows int", "--prompts-per-step", train("--prompts-per-step", "2000000000")),
        fails("eps-low 0", "eps-low 0.0", train("--eps-low", "0")),
        fails("eps-high NaN", "eps-high NaN", train("--eps-high", "NaN")),
        fails("beta < 0", "beta -1.0", train("--beta", "-1")),
        fails("lr NaN", "learning rate NaN", train("--lr", "NaN")),
        fails("temperature 0", "temperature 0.0", train("--temperature", "0")),
        fails("top-p 2", "top-p 2.0", train("--top-p", "2")),
        fails("reward timeout 0", "--reward-timeout 0.0", train("--reward-timeout", "0")),
        fails("rollout slots 0", "--rollout-slots 0", train("--rollout-slots", "0")),
        fails("rollout slots -1", "--rollout-slots -1", train("--rollout-slots", "-1")),
        usage("rollout slots not a number", "--rollout-slots", train("--rollout-slots", "many")),
        usage("rollout slots beyond int", "99999999999", train("--rollout-slots", "99999999999")),
        fails("n_layer x n_embd beyond memory", "n_layer 1000 x n_embd 65536",
            train("--n-layer", "1000", "--n-embd", "65536")),
        fails("n_embd not divisible by heads", "n_embd 30", train("--n-embd", "30", "--n-head", "4")),
        fails("--init missing", "missing-ckpt", train("--init", at("missing-ckpt"))),
        fails("--init NaN weights", "NaN", train("--init", at("nan"))),
        fails("--init huge n_layer", "n_layer", train("--init", at("layers"))),
        fails("--init without a tokenizer", "tokenizer", train("--init", at("ckpt"))),
        usage("unknown --chat-template", "jinja", train("--chat-template", "jinja")),
        fails("--chat-template model without --init", "--chat-template MODEL needs --init",
            train("--chat-template", "model")),
        fails("--chat-template model, no template", "has no chat template",
            train("--init", at("ckpt"), "--chat-template", "model")),
        fails("--chat-template model, template raises", "raise_exception(\"no system role\")",
            train("--init", at("raising"), "--chat-template", "model")),
        fails("--system-prompt without a chat template", "--system-prompt 'be brief' needs --chat-template",
            train("--system-prompt", "be brief")),
        fails("blank --system-prompt", "--system-prompt ' ' is blank",
            train("--init", at("raising"), "--chat-template", "model", "--system-prompt", " ")),
        fails("--data missing", "missing.jsonl", train("--data", at("missing.jsonl"))),
        fails("--data malformed line", "gsm-bad.jsonl", train("--data", at("gsm-bad.jsonl"))),
        fails("--data without #### answers", "gsm-noanswer.jsonl", train("--data", at("gsm-noanswer.jsonl"))),
        fails("--data endless line", "long.jsonl", train("--data", at("long.jsonl"))),
        fails("--held-out-data without --data", "--held-out-data", train("--held-out-data", at("gsm-bad.jsonl"))),
        fails("digits out of range", "digits 12", train("--digits", "12")),
        usage("--config not JSON", "notjson.json", train("--config", at("notjson.json"))),
        usage("--config not an object", "one JSON object", train("--config", at("list.json"))),
        usage("--config unknown key", "group-sise", train("--config", at("unknown.json"))),
        usage("--config wrong type", "many", train("--config", at("badtype.json"))),
        usage("--config nested value", "'lr'", train("--config", at("nested.json"))),
        usage("--config missing", "missing.json", train("--config", at("missing.json"))),
        fails("--resume not a run", "command.json", "train", "--resume", at("ckpt")),
        fails("--resume with other options", "--lr cannot be combined with --resume", "train", "--resume",
            at("run"), "--lr", "1"));
  }

  @TestFactory
  Stream<DynamicTest> verify() {
    return Hostile.all(dir,
        usage("no input", "--jsonl", "verify", "math"),
        usage("both inputs", "mutually exclusive", "verify", "math", "--jsonl", at("a.jsonl"), "--gold", "1"),
        usage("no task", "math", "verify"),
        fails("missing file", "missing.jsonl", "verify", "math", "--jsonl", at("missing.jsonl")),
        fails("a directory", "is not a readable file", "verify", "math", "--jsonl", dir.toString()),
        fails("wrong field type", "verify-bad.jsonl:1", "verify", "math", "--jsonl", at("verify-bad.jsonl")),
        fails("endless line", "long.jsonl:1", "verify", "math", "--jsonl", at("long.jsonl")));
  }
}
