package org.grpo4j.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.grpo4j.autograd.GradMode;
import org.grpo4j.nn.ModeScope;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The tiny-llama, tiny-qwen2 and tiny-qwen3 fixtures (random Hugging Face checkpoints saved by transformers 5.17)
 * reproduce PyTorch's next-token log-probabilities to 1e-4 through the score path, and through the KV cache.
 */
class LlamaFixtureTest {
  static Path fixture(String name) {
    try {
      return Path.of(LlamaFixtureTest.class.getResource("/models/" + name + "/config.json").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  record Expected(int[] ids, double[] logp) {
    static Expected read(Path dir) throws IOException {
      JsonNode n = new ObjectMapper().readTree(dir.resolve("expected_scores.json").toFile());
      int[] ids = new int[n.get("ids").size()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = n.get("ids").get(i).asInt();
      }
      double[] logp = new double[n.get("next_token_logprobs").size()];
      for (int i = 0; i < logp.length; i++) {
        logp[i] = n.get("next_token_logprobs").get(i).asDouble();
      }
      return new Expected(ids, logp);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"tiny-llama", "tiny-qwen2", "tiny-qwen3"})
  void scoresMatchPyTorchTo1e4(String name) throws IOException {
    Path dir = fixture(name);
    LanguageModel model = ModelCheckpoint.load(dir);
    assertInstanceOf(Llama.class, model);
    Expected e = Expected.read(dir);
    assertEquals(e.ids().length - 1, e.logp().length);
    int[] completion = java.util.Arrays.copyOfRange(e.ids(), 1, e.ids().length);
    ScoredBatch scored;
    try (ModeScope m = model.eval()) {
      scored = Scorer.score(model, List.of(new int[] {e.ids()[0]}), List.of(completion));
    }
    double worst = 0;
    for (int t = 0; t < e.logp().length; t++) {
      worst = Math.max(worst, Math.abs(scored.logProbs().data().getDouble(0, t) - e.logp()[t]));
    }
    assertTrue(worst < 1e-4, name + ": largest difference from PyTorch's log-probs: " + worst);
  }

  @ParameterizedTest
  @ValueSource(strings = {"tiny-llama", "tiny-qwen2", "tiny-qwen3"})
  void kvCacheDecodingMatchesPyTorchTo1e4(String name) throws IOException {
    Path dir = fixture(name);
    LanguageModel model = ModelCheckpoint.load(dir);
    Expected e = Expected.read(dir);
    double worst = 0;
    try (GradMode.Scope g = GradMode.noGrad(); ModeScope m = model.eval()) {
      KvCache cache = model.newCache(1, e.ids().length);
      int prefill = 5;
      int[] first = java.util.Arrays.copyOf(e.ids(), prefill);
      INDArray logits = model.forward(TokenBatch.of(new int[][] {first}), cache).data(); // (1, 5, V)
      for (int t = 0; t + 1 < e.ids().length; t++) {
        if (t >= prefill) {
          logits = model.forward(new TokenBatch(1, 1, new int[] {e.ids()[t]}, new int[] {t}), cache).data();
        }
        INDArray row = t < prefill ? logits.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
            org.nd4j.linalg.indexing.NDArrayIndex.point(t), org.nd4j.linalg.indexing.NDArrayIndex.all())
            : logits.reshape(logits.length());
        worst = Math.max(worst, Math.abs(logSoftmaxAt(row.toDoubleVector(), e.ids()[t + 1]) - e.logp()[t]));
      }
    }
    assertTrue(worst < 1e-4, name + ": largest difference from PyTorch's log-probs with the KV cache: " + worst);
  }

  static double logSoftmaxAt(double[] row, int k) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : row) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (double v : row) {
      sum += Math.exp(v - max);
    }
    return row[k] - max - Math.log(sum);
  }
}
