package org.grpo4j.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BpeTrainerTest {

  private static TrainedBpe train(String corpus, int vocabSize) {
    return BpeTrainer.train(corpus, vocabSize, List.of(), TrainingProgress.none());
  }

  @Test
  void textbookExampleYieldsTheWikipediaMerges() {
    TrainedBpe bpe = train("aaabdaaabac", 259);
    // aa -> Z; then "ab" and "Za" tie at 2 and the smaller pair (97, 98) wins; then ZY ("aaab") -> X.
    assertEquals(List.of(new Merge('a', 'a', 256), new Merge('a', 'b', 257), new Merge(256, 257, 258)), bpe.merges());
    assertArrayEquals(new int[] {258, 'd', 258, 'a', 'c'}, bpe.tokenizer().encode("aaabdaaabac"));
    assertArrayEquals("aa".getBytes(StandardCharsets.UTF_8), bpe.model().tokenBytes(256));
    assertArrayEquals("aaab".getBytes(StandardCharsets.UTF_8), bpe.model().tokenBytes(258));
  }

  @Test
  void tiesGoToTheSmallerLeftIdThenTheSmallerRightId() {
    TrainedBpe bpe = train("abcd", 259);
    assertEquals(List.of(new Merge('a', 'b', 256), new Merge('c', 'd', 257), new Merge(256, 257, 258)), bpe.merges());
  }

  @Test
  void overlappingPairsAreCountedNaively() {
    // "aaaa" has the pair (a, a) three times; "bcbc" has (b, c) twice: (a, a) must win.
    assertEquals(new Merge('a', 'a', 256), train("aaaa bcbc", 257).merges().get(0));
  }

  @Test
  void stopsEarlyWhenNothingIsLeftToMerge() {
    TrainedBpe bpe = train("hello", 1000);
    assertEquals(4, bpe.merges().size());
    assertEquals(260, bpe.vocabSize());
    assertArrayEquals(new int[] {259}, bpe.tokenizer().encode("hello"));
  }

  @Test
  void specialTokensAreNeverMergedAndGetTheLastIds() {
    String corpus = "<|endoftext|>hello<|endoftext|><|endoftext|>";
    TrainedBpe bpe = BpeTrainer.train(corpus, 300, List.of("<|endoftext|>"), TrainingProgress.none());
    assertEquals(4, bpe.merges().size(), "only 'hello' is trainable text");
    assertEquals(260, bpe.specialTokenId(0));
    int[] ids = bpe.tokenizer().encode(corpus, SpecialTokenPolicy.ALLOW);
    assertArrayEquals(new int[] {260, 259, 260, 260}, ids);
  }

  @Test
  void sameCorpusAndSizeGiveTheSameMergesEveryTime() {
    String corpus = new org.grpo4j.tokenizer.corpus.MixedTextGenerator(3).generate(200_000);
    TrainedBpe a = train(corpus, 800);
    TrainedBpe b = train(corpus, 800);
    assertEquals(544, a.merges().size());
    assertEquals(a.merges(), b.merges());
    int[] ids = a.tokenizer().encode(corpus);
    assertEquals(corpus, a.tokenizer().decode(ids));
    assertTrue(ids.length < corpus.getBytes(StandardCharsets.UTF_8).length / 2, "training compresses its corpus");
  }

  @Test
  void trainingThenEncodingTheCorpusIsLossless() {
    qt().withFixedSeed(20261292L).withExamples(60).forAll(UnicodeGen.text(200), integers().between(256, 400)).checkAssert((corpus, size) -> {
      Tokenizer t = train(corpus, size).tokenizer();
      assertEquals(corpus, t.decode(t.encode(corpus)), UnicodeGen.escape(corpus));
    });
  }

  @Test
  void incrementalTrainerAgreesWithBruteForceTrainer() {
    qt().withFixedSeed(20261393L).withExamples(60).forAll(UnicodeGen.text(150), integers().between(256, 330)).checkAssert((corpus, size) ->
        assertEquals(bruteForce(corpus, size - 256), train(corpus, size).merges(), UnicodeGen.escape(corpus)));
  }

  @Test
  void rejectsTooSmallVocabularyAndBadSpecialTokens() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BpeTrainer.train("abc", 256, List.of("<s>"), TrainingProgress.none()));
    assertTrue(e.getMessage().contains("257") && e.getMessage().contains("256"), e.getMessage());
    assertThrows(TokenizerException.class, () -> BpeTrainer.train("abc", 300, List.of("a\nb"), TrainingProgress.none()));
    assertThrows(TokenizerException.class, () -> BpeTrainer.train("abc", 300, List.of("x", "x"), TrainingProgress.none()));
  }

  @Test
  void reportsProgressForBothPhases() {
    List<String> phases = new ArrayList<>();
    long[] last = {0};
    BpeTrainer.train("abcabcabc abc", 260, List.of(), new TrainingProgress() {
      @Override public void begin(String phase, long total) {
        phases.add(phase + ":" + total);
      }

      @Override public void stepTo(long done) {
        last[0] = done;
      }

      @Override public void end() {}
    });
    assertEquals(List.of("Pre-tokenizing:13", "Merging:4"), phases);
    assertFalse(last[0] == 0);
  }

  /** Recounts every pair after each merge: slow, obviously right. */
  private static List<Merge> bruteForce(String corpus, int numMerges) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String w : Gpt2PreTokenizer.split(corpus)) {
      counts.merge(w, 1, Integer::sum);
    }
    List<List<Integer>> words = new ArrayList<>();
    List<Integer> freq = new ArrayList<>();
    counts.forEach((w, c) -> {
      List<Integer> syms = new ArrayList<>();
      for (byte b : w.getBytes(StandardCharsets.UTF_8)) {
        syms.add(b & 0xFF);
      }
      words.add(syms);
      freq.add(c);
    });
    List<Merge> merges = new ArrayList<>();
    for (int m = 0; m < numMerges; m++) {
      Map<Long, Long> pairs = new LinkedHashMap<>();
      for (int w = 0; w < words.size(); w++) {
        List<Integer> s = words.get(w);
        for (int k = 0; k + 1 < s.size(); k++) {
          pairs.merge(((long) s.get(k) << 32) | s.get(k + 1), (long) freq.get(w), Long::sum);
        }
      }
      long best = -1;
      for (Map.Entry<Long, Long> e : pairs.entrySet()) {
        if (best < 0 || e.getValue() > pairs.get(best) || (e.getValue().equals(pairs.get(best)) && e.getKey() < best)) {
          best = e.getKey();
        }
      }
      if (best < 0) {
        break;
      }
      int a = (int) (best >>> 32);
      int b = (int) best;
      merges.add(new Merge(a, b, 256 + m));
      for (List<Integer> s : words) {
        for (int k = 0; k + 1 < s.size(); k++) {
          if (s.get(k) == a && s.get(k + 1) == b) {
            s.set(k, 256 + m);
            s.remove(k + 1);
          }
        }
      }
    }
    return merges;
  }
}
