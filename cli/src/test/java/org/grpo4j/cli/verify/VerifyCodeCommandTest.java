package org.grpo4j.cli.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.grpo4j.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code grpo4j verify code}: programs in either test form, one result per line, each status, malformed lines. */
class VerifyCodeCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADD_CASES = "\"entry_point\": \"add\", \"cases\": [{\"args\": [1, 2], \"expected\": 3}, "
      + "{\"args\": [2, 2], \"expected\": 4}]";

  @TempDir Path dir;

  private static String program(String source, String tests) throws Exception {
    return "{\"program\": " + JSON.writeValueAsString(source) + ", " + tests + "}\n";
  }

  private static List<JsonNode> results(CliRun r) throws Exception {
    assertEquals(0, r.exit(), r.err());
    List<JsonNode> out = new java.util.ArrayList<>();
    for (String line : r.out().strip().split("\n")) {
      out.add(JSON.readTree(line));
    }
    return out;
  }

  @Test
  void bothTestFormsAndEveryKindOfEnding() throws Exception {
    String mpe = "\"tests\": " + JSON.writeValueAsString("const assert = require('node:assert');\n"
        + "function test() { assert.deepEqual(add(1, 2), 3); }\ntest();");
    Path f = Files.writeString(dir.resolve("p.jsonl"),
        program("function add(a, b) { return a + b; }", ADD_CASES)
        + program("function add(a, b) { return a === 1 ? 3 : 0; }", ADD_CASES)
        + "\n" // blank lines are skipped
        + "{\"prompt\": \"function add(a, b) {\", \"completion\": \"\\n  return a + b;\\n}\\nfunction junk(\", "
        + mpe + ", \"stop_tokens\": [\"\\nfunction \"]}\n"
        + program("function add(a, b) { return a + ; }", ADD_CASES)
        + program("function add(a, b) { return a.b.c; }", ADD_CASES)
        + program("function add(a, b) { while (true) {} }", ADD_CASES)
        + program("function add(a, b) { for (;;) console.log('flood'.repeat(1000)); }", ADD_CASES)
        + program("function add(a, b) { return a + b; }", "\"tests\": \"this is ( not javascript\""));
    List<JsonNode> r = results(CliRun.of("verify", "code", "--jsonl", f.toString(), "--instructions", "200000"));
    assertEquals(List.of("passed", "failed", "passed", "syntax_error", "runtime_error", "instruction_limit",
        "output_limit", "sandbox_error"), r.stream().map(n -> n.get("status").asText()).toList());
    assertEquals("{\"reward\":1.0,\"status\":\"passed\",\"passed\":2,\"total\":2}", r.get(0).toString());
    assertEquals("{\"reward\":0.5,\"status\":\"failed\",\"passed\":1,\"total\":2}", r.get(1).toString());
    assertEquals(1, r.get(2).get("total").asInt(), "a MultiPL-E script is one test");
    Path slow = Files.writeString(dir.resolve("slow.jsonl"),
        program("function add(a, b) { while (true) {} }", ADD_CASES));
    List<JsonNode> t = results(CliRun.of("verify", "code", "--jsonl", slow.toString(), "--time-ms", "200",
        "--instructions", "2000000000"));
    assertEquals("timeout", t.get(0).get("status").asText());
    assertEquals(0.0, t.get(0).get("reward").asDouble());
  }

  @Test
  void standardInputAndAMalformedLineNamedWithItsNumber() throws Exception {
    CliRun in = CliRun.withInput(program("function add(a, b) { return b + a; }", ADD_CASES), "verify", "code",
        "--jsonl", "-");
    assertEquals("passed", results(in).get(0).get("status").asText());
    Path bad = Files.writeString(dir.resolve("bad.jsonl"), program("function add(a, b) { return a + b; }", ADD_CASES)
        + "{\"program\": \"function add() {}\"}\n");
    CliRun b = CliRun.of("verify", "code", "--jsonl", bad.toString());
    assertEquals(1, b.exit());
    assertTrue(b.err().contains("bad.jsonl line 2"), b.err());
    assertEquals("", b.out(), "nothing runs when a line is malformed");
  }
}
