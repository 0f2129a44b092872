package org.grpo4j.tokenizer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Loads a GPT-2 style byte-level BPE from {@code vocab.json} and {@code merges.txt}. */
public final class Gpt2Files {

  /** GPT-2's end-of-text token, registered as special when the vocabulary contains it. */
  public static final String END_OF_TEXT = "<|endoftext|>";

  private Gpt2Files() {}

  /** Loads the tokenizer, with {@code <|endoftext|>} as a special token if the vocabulary has it. */
  public static ByteLevelBpeTokenizer load(Path vocabJson, Path mergesTxt) {
    return new ByteLevelBpeTokenizer(loadModel(vocabJson, mergesTxt, List.of(END_OF_TEXT)));
  }

  /**
   * Loads the model; each of {@code specialTokens} found in the vocabulary becomes a special token.
   *
   * @throws TokenizerException for a missing file, invalid UTF-8, malformed JSON, a malformed merges line, no merges
   *     at all, or a merge that refers to a token not in the vocabulary; the message names the file and line
   */
  public static BpeModel loadModel(Path vocabJson, Path mergesTxt, List<String> specialTokens) {
    String vocabWhat = "vocab file " + vocabJson;
    Map<String, Integer> vocab = VocabBuilder.vocabFromJson(
        VocabBuilder.parseJson(Utf8.readFile(vocabJson, "vocab file"), vocabWhat), vocabWhat);
    List<VocabBuilder.MergeLine> merges = readMerges(mergesTxt);
    List<AddedToken> added = new ArrayList<>();
    for (String s : specialTokens) {
      Integer id = vocab.get(s);
      if (id != null) {
        added.add(new AddedToken(s, id, true));
      }
    }
    BpeModel model = VocabBuilder.build(vocab, merges, added, false, vocabWhat);
    if (merges.isEmpty()) {
      throw new TokenizerException("merges file " + mergesTxt + " has no merges (expected an optional #version line,"
          + " then one 'left right' pair per line; without merges every byte would be its own token)");
    }
    return model;
  }

  /** Reads merges.txt: an optional {@code #version} first line, then one "left right" pair per line. */
  static List<VocabBuilder.MergeLine> readMerges(Path mergesTxt) {
    String text = Utf8.readFile(mergesTxt, "merges file");
    String[] lines = text.split("\n", -1);
    List<VocabBuilder.MergeLine> out = new ArrayList<>(lines.length);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
      if (line.isEmpty() || (i == 0 && line.startsWith("#version"))) {
        continue;
      }
      String where = "merges file " + mergesTxt + " line " + (i + 1);
      int sp = line.indexOf(' ');
      if (sp <= 0 || sp == line.length() - 1 || line.indexOf(' ', sp + 1) >= 0) {
        throw new TokenizerException(where + ": expected two tokens separated by one space, got '" + line + "'");
      }
      out.add(new VocabBuilder.MergeLine(line.substring(0, sp), line.substring(sp + 1), where));
    }
    return out;
  }
}
