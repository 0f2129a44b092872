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

/** Hostile options and files for {@code grpo4j train --task code} and {@code grpo4j verify code}. */
class CodeHostileTest {
  private static final String CASE = "{\"name\": \"one\", \"prompt\": \"function f() {\", \"entry_point\": \"f\", "
      + "\"cases\": [{\"args\": [], \"expected\": 1}]}\n";
  private static final String SCRIPT = "{\"name\": \"two\", \"prompt\": \"function g() {\", \"tests\": \"g();\"}\n";
  private static final String PROGRAM = "{\"program\": \"function f() { return 1; }\", \"entry_point\": \"f\", "
      + "\"cases\": [{\"args\": [], \"expected\": 1}]}\n";

  @TempDir static Path dir;
  static String fresh;

  @BeforeAll
  static void fixtures() throws IOException {
    fresh = dir.resolve("fresh-out").toString(); // never created by a failing run
    Fixtures.text(dir.resolve("cases.jsonl"), CASE + CASE);
    Fixtures.text(dir.resolve("scripts.jsonl"), SCRIPT + SCRIPT);
    Fixtures.text(dir.resolve("mixed.jsonl"), CASE + SCRIPT);
    Fixtures.text(dir.resolve("notjson.jsonl"), CASE + "{oops\n");
    Fixtures.text(dir.resolve("noentry.jsonl"), CASE + "{\"prompt\": \"x\", \"cases\": [{\"args\": [], "
        + "\"expected\": 1}]}\n");
    Fixtures.text(dir.resolve("one.jsonl"), CASE);
    Fixtures.text(dir.resolve("empty.jsonl"), "\n\n");
    Fixtures.longLine(dir.resolve("long.jsonl"), 20_000_000);
    Fixtures.bytes(dir.resolve("latin1.jsonl"), (byte) '{', (byte) 0xE9, (byte) '}', (byte) '\n');
    Fixtures.text(dir.resolve("programs.jsonl"), PROGRAM + "[1, 2]\n");
    Fixtures.text(dir.resolve("badprogram.jsonl"), PROGRAM + "{oops\n");
    Fixtures.text(dir.resolve("notests.jsonl"), PROGRAM + PROGRAM + "{\"program\": \"1\"}\n");
    Fixtures.text(dir.resolve("badcases.jsonl"), "{\"program\": \"1\", \"entry_point\": \"f\", \"cases\": []}\n");
    Fixtures.text(dir.resolve("bothtests.jsonl"), PROGRAM.replace("{\"program\"", "{\"tests\": \"f();\", "
        + "\"program\""));
    Fixtures.text(dir.resolve("bothprograms.jsonl"), PROGRAM + PROGRAM.replace("{\"program\"", "{\"completion\": "
        + "\"}\", \"program\""));
    Fixtures.text(dir.resolve("emptytests.jsonl"), PROGRAM + "{\"program\": \"\", \"tests\": \"\"}\n");
    Fixtures.text(dir.resolve("numberprogram.jsonl"), "{\"program\": 5, \"tests\": \"1;\"}\n");
    Fixtures.text(dir.resolve("numbersolution.jsonl"), CASE + CASE.replace("}]}", "}], \"solution\": 5}"));
    Fixtures.text(dir.resolve("emptyprompt.jsonl"), CASE + CASE.replace("function f() {", ""));
    Fixtures.text(dir.resolve("bothforms.jsonl"), CASE + CASE.replace("{\"name\"", "{\"tests\": \"f();\", "
        + "\"name\""));
    Fixtures.text(dir.resolve("badentry.jsonl"), "{\"program\": \"1\", \"entry_point\": \"f()\", \"cases\": "
        + "[{\"args\": [], \"expected\": 1}]}\n");
  }

  private static String at(String name) {
    return dir.resolve(name).toString();
  }

  private static String[] train(String... more) {
    String[] base = {"train", "--task", "code", "--out", fresh, "--no-progress", "--n-positions", "96"};
    return Stream.concat(Stream.of(base), Stream.of(more)).toArray(String[]::new);
  }

  @TestFactory
  Stream<DynamicTest> trainCode() {
    return Hostile.all(dir,
        fails("too many examples", "--examples 9", train("--examples", "9")),
        fails("no hidden cases", "--hidden-cases 0", train("--hidden-cases", "0")),
        fails("zero max value", "--max-value 0", train("--max-value", "0")),
        fails("zero time limit", "--sandbox-time-ms 0", train("--sandbox-time-ms", "0")),
        fails("tiny instruction budget", "--sandbox-instructions 5", train("--sandbox-instructions", "5")),
        fails("a math format", "--data-format GSM8K", train("--data", at("cases.jsonl"), "--data-format", "gsm8k")),
        fails("cases read as MultiPL-E", "problem one", train("--data", at("cases.jsonl"))),
        fails("MultiPL-E read as cases", "problem two", train("--data", at("scripts.jsonl"), "--data-format",
            "cases")),
        fails("mixed forms", "problem two", train("--data", at("mixed.jsonl"), "--data-format", "cases")),
        fails("not JSON", "notjson.jsonl line 2", train("--data", at("notjson.jsonl"), "--data-format", "cases")),
        fails("no entry point", "noentry.jsonl line 2", train("--data", at("noentry.jsonl"), "--data-format",
            "cases")),
        fails("one problem, nothing to hold out", "one.jsonl has 1 problem", train("--data", at("one.jsonl"),
            "--data-format", "cases")),
        fails("an empty file", "empty.jsonl holds no problems", train("--data", at("empty.jsonl"))),
        fails("a missing file", "missing.jsonl", train("--data", at("missing.jsonl"))),
        fails("a directory", "is a directory", train("--data", dir.toString())),
        fails("an endless line", "long.jsonl line 1 is longer", train("--data", at("long.jsonl"))),
        fails("not UTF-8", "latin1.jsonl line 1 is not valid UTF-8", train("--data", at("latin1.jsonl"))),
        fails("a number as the solution", "numbersolution.jsonl line 2: \"solution\" must be a string",
            train("--data", at("numbersolution.jsonl"), "--data-format", "cases")),
        fails("an empty prompt", "emptyprompt.jsonl line 2: \"prompt\" is empty",
            train("--data", at("emptyprompt.jsonl"), "--data-format", "cases")),
        fails("both forms of tests", "bothforms.jsonl line 2: tests: both \"tests\" and \"entry_point\" and "
            + "\"cases\" are given", train("--data", at("bothforms.jsonl"), "--data-format", "cases")),
        fails("held-out without data", "--held-out-data", train("--held-out-data", at("cases.jsonl"))),
        fails("skip malformed", "--malformed SKIP", train("--malformed", "skip")),
        fails("a context too small", "--n-positions", "train", "--task", "code", "--out", fresh, "--n-positions",
            "40"),
        fails("a code format for math", "--data-format CASES", "train", "--out", fresh, "--data-format", "cases"),
        usage("unknown difficulty", "extreme", train("--difficulty", "extreme")),
        usage("unknown format", "csv", train("--data-format", "csv")));
  }

  @TestFactory
  Stream<DynamicTest> verifyCode() {
    return Hostile.all(dir,
        fails("not an object", "programs.jsonl line 2", "verify", "code", "--jsonl", at("programs.jsonl")),
        fails("no tests", "notests.jsonl line 3", "verify", "code", "--jsonl", at("notests.jsonl")),
        fails("both forms of tests", "bothtests.jsonl line 1: tests: both \"tests\" and \"entry_point\"", "verify",
            "code", "--jsonl", at("bothtests.jsonl")),
        fails("a program and a completion", "bothprograms.jsonl line 2: both \"program\" and \"completion\" are "
            + "given", "verify", "code", "--jsonl", at("bothprograms.jsonl")),
        fails("empty tests", "emptytests.jsonl line 2: tests: 'tests' is empty", "verify", "code", "--jsonl",
            at("emptytests.jsonl")),
        fails("a number as the program", "numberprogram.jsonl line 1: \"program\" must be a string", "verify",
            "code", "--jsonl", at("numberprogram.jsonl")),
        fails("no cases", "badcases.jsonl line 1", "verify", "code", "--jsonl", at("badcases.jsonl")),
        fails("entry point not an identifier", "f()", "verify", "code", "--jsonl", at("badentry.jsonl")),
        fails("not JSON", "badprogram.jsonl line 2", "verify", "code", "--jsonl", at("badprogram.jsonl")),
        fails("a missing file", "missing.jsonl is not a readable file", "verify", "code", "--jsonl",
            at("missing.jsonl")),
        fails("an endless line", "long.jsonl line 1 is longer", "verify", "code", "--jsonl", at("long.jsonl")),
        fails("not UTF-8", "latin1.jsonl line 1 is not valid UTF-8", "verify", "code", "--jsonl", at("latin1.jsonl")),
        fails("zero time", "--time-ms 0", "verify", "code", "--jsonl", at("programs.jsonl"), "--time-ms", "0"),
        fails("tiny instruction budget", "--instructions 10", "verify", "code", "--jsonl", at("programs.jsonl"),
            "--instructions", "10"),
        usage("no input", "--jsonl", "verify", "code"),
        usage("time beyond long", "99999999999999999999", "verify", "code", "--jsonl", at("programs.jsonl"),
            "--time-ms", "99999999999999999999"));
  }
}
