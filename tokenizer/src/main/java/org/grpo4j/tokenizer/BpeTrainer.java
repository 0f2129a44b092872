package org.grpo4j.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains a byte-level BPE (minbpe / GPT-2 style) on a text corpus.
 *
 * <p>The corpus is cut at special-token text (which is never merged), split into pre-tokens by
 * {@link Gpt2PreTokenizer}, and each distinct pre-token's UTF-8 bytes become a word weighted by its frequency.
 * Each step merges the adjacent pair with the highest total count, where a word's pairs are counted naively
 * (overlapping, as in minbpe and Hugging Face). <b>Tie rule:</b> among pairs with equal counts the one with the
 * smaller left id wins, then the smaller right id. Training is therefore deterministic: the same corpus and size
 * always give the same merges. It stops early, with fewer merges, if no pair is left to merge.
 */
public final class BpeTrainer {

  private BpeTrainer() {}

  /**
   * Trains to {@code vocabSize} ids in all: 256 bytes, {@code vocabSize - 256 - specialTokens.size()} merges and
   * the special tokens.
   *
   * @throws IllegalArgumentException if {@code vocabSize} is too small to hold the bytes and special tokens
   */
  public static TrainedBpe train(String corpus, int vocabSize, List<String> specialTokens,
      TrainingProgress progress) {
    int minimum = TrainedBpe.BYTE_TOKENS + specialTokens.size();
    if (vocabSize < minimum) {
      throw new IllegalArgumentException("vocabSize must be at least " + minimum + " (256 bytes + "
          + specialTokens.size() + " special tokens), got " + vocabSize);
    }
    new TrainedBpe(List.of(), specialTokens); // validates the special tokens up front
    Map<String, long[]> counts = countWords(corpus, specialTokens, progress);
    int[][] words = new int[counts.size()][];
    int[] lengths = new int[counts.size()];
    long[] freq = new long[counts.size()];
    int w = 0;
    for (Map.Entry<String, long[]> e : counts.entrySet()) {
      byte[] b = e.getKey().getBytes(StandardCharsets.UTF_8);
      words[w] = new int[b.length];
      for (int k = 0; k < b.length; k++) {
        words[w][k] = b[k] & 0xFF;
      }
      lengths[w] = b.length;
      freq[w++] = e.getValue()[0];
    }
    counts.clear();
    List<Merge> merges = merge(words, lengths, freq, vocabSize - minimum, progress);
    return new TrainedBpe(merges, specialTokens);
  }

  private static Map<String, long[]> countWords(String corpus, List<String> specials, TrainingProgress progress) {
    Map<String, long[]> counts = new LinkedHashMap<>();
    progress.begin("Pre-tokenizing", corpus.length());
    int[] next = new int[specials.size()];
    java.util.Arrays.fill(next, -2);
    long pieces = 0;
    int pos = 0;
    while (pos < corpus.length()) {
      int cut = corpus.length();
      int skip = 0;
      for (int t = 0; t < next.length; t++) {
        if (next[t] != -1 && next[t] < pos) {
          next[t] = corpus.indexOf(specials.get(t), pos);
        }
        int len = specials.get(t).length();
        if (next[t] >= 0 && (next[t] < cut || (next[t] == cut && len > skip))) {
          cut = next[t];
          skip = len;
        }
      }
      int i = pos;
      while (i < cut) {
        int j = Gpt2PreTokenizer.pieceEnd(corpus, i, cut);
        counts.computeIfAbsent(corpus.substring(i, j), k -> new long[1])[0]++;
        i = j;
        if ((++pieces & 0xFFFF) == 0) {
          progress.stepTo(i);
        }
      }
      pos = cut + skip;
      progress.stepTo(Math.min(pos, corpus.length()));
    }
    progress.end();
    return counts;
  }

  private static List<Merge> merge(int[][] words, int[] lengths, long[] freq, int numMerges,
      TrainingProgress progress) {
    PairStats stats = new PairStats();
    for (int w = 0; w < words.length; w++) {
      for (int k = 0; k + 1 < lengths[w]; k++) {
        int s = stats.slot(words[w][k], words[w][k + 1]);
        stats.add(s, freq[w]);
        stats.addWord(s, w);
      }
    }
    for (int w = 0; w < words.length; w++) {
      for (int k = 0; k + 1 < lengths[w]; k++) {
        stats.offer(words[w][k], words[w][k + 1]);
      }
    }
    List<Merge> merges = new ArrayList<>(numMerges);
    int[] stamp = new int[words.length];
    progress.begin("Merging", numMerges);
    for (int m = 0; m < numMerges; m++) {
      long best = stats.pollBest();
      if (best < 0) {
        break;
      }
      int a = (int) (best >>> 32);
      int b = (int) best;
      int c = TrainedBpe.BYTE_TOKENS + m;
      merges.add(new Merge(a, b, c));
      List<Long> created = new ArrayList<>();
      for (int w : stats.takeWords(stats.slot(a, b))) {
        if (stamp[w] == m + 1) {
          continue;
        }
        stamp[w] = m + 1;
        applyMerge(words[w], lengths, w, freq[w], a, b, c, stats, created);
      }
      for (long key : created) {
        stats.offer((int) (key >>> 32), (int) (long) key);
      }
      progress.stepTo(m + 1);
    }
    progress.end();
    return merges;
  }

  /** Merges (a, b) into c throughout word w, moving pair counts and recording pairs that contain c. */
  private static void applyMerge(int[] word, int[] lengths, int w, long f, int a, int b, int c, PairStats stats,
      List<Long> created) {
    int n = lengths[w];
    boolean found = false;
    for (int k = 0; k + 1 < n; k++) {
      if (word[k] == a && word[k + 1] == b) {
        found = true;
        break;
      }
    }
    if (!found) {
      return; // a stale index entry: an earlier merge already consumed the pair here
    }
    for (int k = 0; k + 1 < n; k++) {
      stats.add(stats.slot(word[k], word[k + 1]), -f);
    }
    int out = 0;
    for (int k = 0; k < n; k++) {
      if (k + 1 < n && word[k] == a && word[k + 1] == b) {
        word[out++] = c;
        k++;
      } else {
        word[out++] = word[k];
      }
    }
    lengths[w] = out;
    for (int k = 0; k + 1 < out; k++) {
      int s = stats.slot(word[k], word[k + 1]);
      stats.add(s, f);
      if (word[k] == c || word[k + 1] == c) {
        stats.addWord(s, w);
        if (stats.count(s) == f) {
          created.add(MergeTable.key(word[k], word[k + 1]));
        }
      }
    }
  }
}
