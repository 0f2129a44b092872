package org.grpo4j.cli.hostile;

import static org.grpo4j.cli.hostile.Hostile.usage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Hostile {@code --config} files: a bad value or a key given twice is refused naming the file and the key. */
class ConfigHostileTest {
  @TempDir static Path dir;
  static String fresh;

  @BeforeAll
  static void fixtures() throws IOException {
    fresh = dir.resolve("fresh-out").toString(); // never created by a failing run
    Fixtures.text(dir.resolve("notint.json"), "{\"digits\": \"abc\"}");
    Fixtures.text(dir.resolve("badenum.json"), "{\"ops\": [\"add\", \"nope\"]}");
    Fixtures.text(dir.resolve("notbool.json"), "{\"word-problems\": \"maybe\"}");
    Fixtures.text(dir.resolve("twice.json"), "{\"digits\": 3,\n \"digits\": 99}");
    Fixtures.text(dir.resolve("twice-nested.json"), "{\"ops\": [\"add\"], \"seed\": {\"a\": 1, \"a\": 2}}");
    Fixtures.text(dir.resolve("good.json"), "{\"digits\": 3}");
  }

  private static String at(String name) {
    return dir.resolve(name).toString();
  }

  private static String[] train(String... more) {
    List<String> a = new java.util.ArrayList<>(List.of("train", "--out", fresh, "--no-progress"));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  @TestFactory
  Stream<DynamicTest> config() {
    return Hostile.all(dir,
        usage("a value not an int", "config " + at("notint.json") + ": option 'digits' has an invalid value: "
            + "'abc' is not an int (see 'grpo4j train --help')", train("--config", at("notint.json"))),
        usage("a bad value is refused though a flag overrides it", "notint.json",
            train("--config", at("notint.json"), "--digits", "3")),
        usage("a list value outside an enum", "badenum.json: option 'ops' has an invalid value",
            train("--config", at("badenum.json"))),
        usage("a value not a boolean", "notbool.json: option 'word-problems' has an invalid value: 'maybe'",
            train("--config", at("notbool.json"))),
        usage("a key twice", "config " + at("twice.json") + " has the key 'digits' twice",
            train("--config", at("twice.json"))),
        usage("a key twice in a nested object", "twice-nested.json has the key 'a' twice",
            train("--config", at("twice-nested.json"))),
        usage("a bad flag is still the flag's", "Invalid value for option '--digits': 'abc' is not an int",
            train("--config", at("good.json"), "--digits", "abc")));
  }
}
