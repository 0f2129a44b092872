package org.grpo4j.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RoundTripPropertyTest {

  private static ByteLevelBpeTokenizer trained;

  @BeforeAll
  static void train() {
    String corpus = String.join("\n", List.of("the quick brown fox jumps over the lazy dog",
        "naïve café 中文 emoji 😀😀 👍🏽", "    indented code(x, y) { return x*y; }", "1234 5678 3.14159"))
        .repeat(5);
    trained = BpeTrainer.train(corpus, 400, List.of("<|endoftext|>"), TrainingProgress.none()).tokenizer();
  }

  @Test
  void gpt2DecodeEncodeIsIdentityOnArbitraryUnicode() {
    Tokenizer t = TestResources.gpt2();
    qt().withFixedSeed(20261299L).withExamples(2000).forAll(UnicodeGen.text(60))
        .checkAssert(s -> assertEquals(s, t.decode(t.encode(s)), UnicodeGen.escape(s)));
  }

  @Test
  void gpt2FastEncoderMatchesGpt2ReferenceEncoder() {
    ReferenceBpeEncoder ref = ReferenceBpeEncoder.of(TestResources.gpt2().model());
    qt().withFixedSeed(20261400L).withExamples(2000).forAll(UnicodeGen.text(60)).checkAssert(
        s -> assertArrayEquals(ref.encode(s), TestResources.gpt2().encode(s), UnicodeGen.escape(s)));
  }

  @Test
  void trainedDecodeEncodeIsIdentityOnArbitraryUnicode() {
    qt().withFixedSeed(20261501L).withExamples(2000).forAll(UnicodeGen.text(60))
        .checkAssert(s -> assertEquals(s, trained.decode(trained.encode(s)), UnicodeGen.escape(s)));
  }

  @Test
  void trainedFastEncoderMatchesReferenceEncoder() {
    ReferenceBpeEncoder ref = ReferenceBpeEncoder.of(trained.model());
    qt().withFixedSeed(20261602L).withExamples(1000).forAll(UnicodeGen.text(60))
        .checkAssert(s -> assertArrayEquals(ref.encode(s), trained.encode(s), UnicodeGen.escape(s)));
  }

  @Test
  void roundTripHoldsUnderEverySpecialTokenPolicyThatAccepts() {
    Tokenizer t = TestResources.gpt2();
    qt().withFixedSeed(20261703L).withExamples(500).forAll(UnicodeGen.text(20), UnicodeGen.text(20)).checkAssert((a, b) -> {
      String s = a + "<|endoftext|>" + b;
      assertEquals(s, t.decode(t.encode(s, SpecialTokenPolicy.ALLOW)));
      assertEquals(s, t.decode(t.encode(s, SpecialTokenPolicy.AS_TEXT)));
      assertEquals(s, trained.decode(trained.encode(s, SpecialTokenPolicy.ALLOW)));
    });
  }

  @Test
  void longWordsBypassTheCacheAndStillMatchReference() {
    ReferenceBpeEncoder ref = ReferenceBpeEncoder.of(TestResources.gpt2().model());
    String longWord = "abracadabra".repeat(1000);
    String longSpace = " ".repeat(5000) + "x";
    String longEmoji = "😀🇫🇷".repeat(300);
    for (String s : List.of(longWord, longSpace, longEmoji, longWord + longSpace + longEmoji)) {
      int[] ids = TestResources.gpt2().encode(s);
      assertArrayEquals(ref.encode(s), ids);
      assertEquals(s, TestResources.gpt2().decode(ids));
    }
  }

  @Test
  void concurrentEncodingGivesTheSameIdsAsSequential() throws Exception {
    ByteLevelBpeTokenizer t = new ByteLevelBpeTokenizer(TestResources.gpt2().model());
    String text = new org.grpo4j.tokenizer.corpus.MixedTextGenerator(7).generate(200_000);
    int[] expected = ReferenceBpeEncoder.of(t.model()).encode(text);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<int[]>> results = new java.util.ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(pool.submit(() -> t.encode(text)));
      }
      for (Future<int[]> f : results) {
        assertArrayEquals(expected, f.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
