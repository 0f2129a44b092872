package org.grpo4j.bench.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The peers suite against its PyTorch script: the same workload names in the same order (the names are the contract
 * bench/compare joins on), the GEMM-only workloads counting the standard 6 FLOPs per weight per token of a
 * training step (forward 2, backward 4) over the linear layers and the tied head, and a rollout counting the head
 * only where the next token is drawn.
 */
class PeerWorkloadsTest {
  @Test
  void namesAndOrderMatchTheTorchScriptsDefaultRun() throws IOException {
    String script = Files.readString(Path.of("peer/torch_bench.py"));
    Matcher m = Pattern.compile("(?m)^(?:record|train|gemms|sample|score)\\(\"([a-z0-9_]+)\"").matcher(script);
    List<String> names = new ArrayList<>();
    while (m.find()) {
      names.add(m.group(1));
    }
    assertEquals(names, new ArrayList<>(PeerWorkloads.all().keySet()));
  }

  @Test
  void gemmWorkloadsCountSixFlopsPerWeightPerToken() {
    int vocab = 10;
    int d = 8;
    int layers = 2;
    int tokens = 16;
    PeerWorkload w = PeerWorkloads.gemms("tiny", vocab, d, layers, tokens, 1, 1);
    double weights = layers * 12.0 * d * d + (double) vocab * d; // c_attn 3d^2, c_proj d^2, c_fc 4d^2, mlp 4d^2; head
    assertEquals(6 * weights * tokens, w.flops(), 1e-9);
    assertEquals(tokens, w.tokens());
    w.call().run(); // every product's operands fit
  }

  @Test
  void aRolloutCountsTheHeadOnlyWhereItsLogitsAreDrawnFrom() {
    int vocab = 50;
    int d = 16;
    int layers = 3;
    int heads = 2;
    int prompts = 4;
    int plen = 5;
    int newTokens = 6;
    PeerWorkload w = PeerWorkloads.sample("tiny", vocab, d, heads, layers, 64, prompts, plen, newTokens, 1);
    double expected = 0; // every position through the blocks, attending to itself and what precedes it
    for (int position = 0; position < plen + newTokens - 1; position++) {
      int keys = position + 1;
      expected += prompts * layers * (2.0 * d * 3 * d + 2.0 * d * d + 2.0 * d * 4 * d + 2.0 * 4 * d * d // linears
          + 2.0 * d * keys + 2.0 * keys * d); // q k^T and p v
      if (position >= plen - 1) { // logits at a prompt's last position and at every new token but the last
        expected += prompts * 2.0 * d * vocab;
      }
    }
    assertEquals(expected, w.flops(), 1e-6 * expected);
    assertEquals((long) prompts * newTokens, w.tokens());
    w.call().run();
  }
}
