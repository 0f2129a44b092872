package org.grpo4j.cli.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.grpo4j.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code grpo4j verify math}: JSONL in, one JSON result per line out; one completion from standard input. */
class VerifyMathCommandTest {
  @TempDir Path dir;

  @Test
  void verifiesEachLineAndNamesAMalformedOne() throws Exception {
    Path f = Files.writeString(dir.resolve("c.jsonl"), "{\"completion\": \"so 1/2+1/4 = \\\\boxed{\\\\frac{3}{4}}\","
        + " \"gold\": \"0.75\"}\n{\"completion\": \"#### 0.3333\", \"gold\": \"1/3\"}\n"
        + "{\"completion\": \"no idea\", \"gold\": \"#### 7\"}\n");
    CliRun r = CliRun.of("verify", "math", "--jsonl", f.toString());
    assertEquals(0, r.exit(), r.err());
    assertEquals("{\"reward\":1.0,\"extracted\":\"\\\\frac{3}{4}\",\"status\":\"correct\"}\n"
        + "{\"reward\":0.0,\"extracted\":\"0.3333\",\"status\":\"wrong\"}\n"
        + "{\"reward\":0.0,\"extracted\":null,\"status\":\"no_answer\"}\n", r.out());
    Path bad = Files.writeString(dir.resolve("bad.jsonl"), "{\"completion\": \"1\", \"gold\": \"1\"}\n[1, 2]\n");
    CliRun b = CliRun.of("verify", "math", "--jsonl", bad.toString());
    assertEquals(1, b.exit());
    assertTrue(b.err().contains("bad.jsonl:2"), b.err());
  }

  @Test
  void invalidUtf8IsRefusedNamingTheLineInAFileAndOnStandardInput() throws Exception {
    byte[] good = "{\"completion\": \"#### 2\", \"gold\": \"2\"}\n".getBytes(StandardCharsets.UTF_8);
    byte[] bad = {'{', '"', 'c', 'o', 'm', 'p', 'l', 'e', 't', 'i', 'o', 'n', '"', ':', '"', (byte) 0xFF, '"', ',',
        '"', 'g', 'o', 'l', 'd', '"', ':', '"', '1', '"', '}', '\n'};
    byte[] both = new byte[good.length + bad.length];
    System.arraycopy(good, 0, both, 0, good.length);
    System.arraycopy(bad, 0, both, good.length, bad.length);
    Path f = Files.write(dir.resolve("latin1.jsonl"), both);
    CliRun file = CliRun.of("verify", "math", "--jsonl", f.toString());
    assertEquals(1, file.exit());
    assertEquals("error: --jsonl " + f + " line 2 is not valid UTF-8", file.err().strip());
    assertEquals("{\"reward\":1.0,\"extracted\":\"2\",\"status\":\"correct\"}\n", file.out(),
        "the lines before the bad one are verified");
    CliRun stdin = CliRun.withInput(both, "verify", "math", "--jsonl", "-");
    assertEquals(1, stdin.exit());
    assertEquals("error: standard input line 2 is not valid UTF-8", stdin.err().strip());
    CliRun gold = CliRun.withInput(new byte[] {'4', (byte) 0xC3, '2'}, "verify", "math", "--gold", "42");
    assertEquals(1, gold.exit());
    assertEquals("error: standard input line 1 is not valid UTF-8", gold.err().strip());
    CliRun accented = CliRun.withInput("caf\u00e9: #### 42", "verify", "math", "--gold", "42");
    assertEquals(0, accented.exit(), accented.err());
  }

  @Test
  void oneCompletionFromStandardInput() {
    CliRun r = CliRun.withInput("The answer is $1,234 dollars.", "verify", "math", "--gold", "#### 1234");
    assertEquals(0, r.exit(), r.err());
    assertEquals("{\"reward\":1.0,\"extracted\":\"$1,234 dollars\",\"status\":\"correct\"}\n", r.out());
    CliRun missing = CliRun.of("verify", "math", "--jsonl", dir.resolve("none.jsonl").toString());
    assertEquals(1, missing.exit());
    assertTrue(missing.err().contains("none.jsonl is not a readable file"), missing.err());
    assertEquals(2, CliRun.of("verify", "math").exit(), "--jsonl or --gold is required");
  }
}
