package org.grpo4j.tokenizer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Saves and loads a {@link TrainedBpe} in a versioned, line-based text format (minbpe style: the merges are the
 * truth, the vocabulary is derived from them):
 *
 * <pre>
 * grpo4j-bpe v1
 * pattern gpt2
 * merges N
 * LEFT RIGHT        (N lines; merge i creates id 256 + i)
 * specials K
 * ID CONTENT        (K lines; ID is 256 + N + i, CONTENT is the rest of the line)
 * </pre>
 *
 * A human-readable {@code tokenizer.vocab} (id, tab, token in GPT-2's byte-level form) is written beside it and
 * never read back.
 */
public final class BpeModelFile {

  /** The file name of the model inside a model directory. */
  public static final String MODEL_FILE = "tokenizer.model";
  /** The file name of the human-readable vocabulary listing. */
  public static final String VOCAB_FILE = "tokenizer.vocab";
  /** The first line of every model file of the current format version. */
  public static final String HEADER = "grpo4j-bpe v1";

  private BpeModelFile() {}

  /**
   * Writes {@code tokenizer.model} and {@code tokenizer.vocab} into {@code dir}, creating it if needed; each is
   * written to a temporary file and renamed into place, so a failure leaves the earlier files as they were.
   */
  public static Path save(TrainedBpe bpe, Path dir) {
    StringBuilder sb = new StringBuilder();
    sb.append(HEADER).append('\n').append("pattern gpt2\n").append("merges ").append(bpe.merges().size()).append('\n');
    for (Merge m : bpe.merges()) {
      sb.append(m.left()).append(' ').append(m.right()).append('\n');
    }
    sb.append("specials ").append(bpe.specialTokens().size()).append('\n');
    for (int i = 0; i < bpe.specialTokens().size(); i++) {
      sb.append(bpe.specialTokenId(i)).append(' ').append(bpe.specialTokens().get(i)).append('\n');
    }
    BpeModel model = bpe.model();
    StringBuilder vocab = new StringBuilder();
    for (int id = 0; id < model.vocabSize(); id++) {
      vocab.append(id).append('\t').append(ByteLevelAlphabet.encode(model.tokenBytes(id))).append('\n');
    }
    Path file = dir.resolve(MODEL_FILE);
    Path vocabFile = dir.resolve(VOCAB_FILE);
    for (Path target : List.of(file, vocabFile)) {
      if (Files.isDirectory(target)) {
        throw new TokenizerException("cannot write model to " + dir + ": " + target + " is a directory");
      }
    }
    // both files are written whole beside their targets, then renamed over them: a failure leaves the old ones
    Path modelTemp = null;
    Path vocabTemp = null;
    try {
      Files.createDirectories(dir);
      modelTemp = writeTemp(dir, MODEL_FILE, sb);
      vocabTemp = writeTemp(dir, VOCAB_FILE, vocab);
      Files.move(vocabTemp, vocabFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      Files.move(modelTemp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING); // the truth
    } catch (IOException e) {
      throw new TokenizerException("cannot write model to " + dir + ": " + reason(e), e);
    } finally {
      deleteQuietly(modelTemp);
      deleteQuietly(vocabTemp);
    }
    return file;
  }

  /** Writes {@code text} as UTF-8 to a new hidden file beside {@code name} in {@code dir}, flushed to disk. */
  private static Path writeTemp(Path dir, String name, CharSequence text) throws IOException {
    Path temp = dir.resolve("." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(true);
    } catch (IOException e) {
      deleteQuietly(temp);
      throw e;
    }
    return temp;
  }

  private static void deleteQuietly(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p); // a no-op once renamed into place
      } catch (IOException e) {
        // best effort: a leftover hidden temporary file is harmless
      }
    }
  }

  /** "FILE: reason" of an I/O error, the reason spelled out where Java gives only the path. */
  private static String reason(IOException e) {
    if (e instanceof FileSystemException fs) {
      String why = fs.getReason() != null ? fs.getReason() : e instanceof AccessDeniedException ? "permission denied"
          : e instanceof NoSuchFileException ? "no such file or directory" : "I/O error";
      return (fs.getFile() != null ? fs.getFile() + ": " : "") + why;
    }
    return e.getMessage() != null ? e.getMessage() : "I/O error";
  }

  /** Loads a model from a directory holding {@code tokenizer.model}, or from the model file itself. */
  public static TrainedBpe load(Path dirOrFile) {
    Path file = Files.isDirectory(dirOrFile) ? dirOrFile.resolve(MODEL_FILE) : dirOrFile;
    String[] lines = Utf8.readFile(file, "model file").split("\n", -1);
    Reader r = new Reader(file, lines);
    String header = r.next("the header '" + HEADER + "'");
    if (!header.equals(HEADER)) {
      throw r.error(header.startsWith("grpo4j-bpe v") ? "unsupported format version '" + header
          + "'; this build reads '" + HEADER + "'" : "expected the header '" + HEADER + "', got '" + header + "'");
    }
    String pattern = r.next("'pattern gpt2'");
    if (!pattern.equals("pattern gpt2")) {
      throw r.error("expected 'pattern gpt2' (the only supported pre-tokenizer), got '" + pattern + "'");
    }
    int n = r.count("merges");
    List<Merge> merges = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String line = r.next("merge " + i + " of " + n);
      String[] parts = line.split(" ", -1);
      int id = TrainedBpe.BYTE_TOKENS + i;
      if (parts.length != 2) {
        throw r.error("expected two ids 'LEFT RIGHT', got '" + line + "'");
      }
      int left = r.parseId(parts[0], id);
      int right = r.parseId(parts[1], id);
      merges.add(new Merge(left, right, id));
    }
    int k = r.count("specials");
    List<String> specials = new ArrayList<>(k);
    for (int i = 0; i < k; i++) {
      String line = r.next("special token " + i + " of " + k);
      int sp = line.indexOf(' ');
      int expected = TrainedBpe.BYTE_TOKENS + n + i;
      if (sp <= 0 || sp == line.length() - 1 || !line.substring(0, sp).equals(Integer.toString(expected))) {
        throw r.error("expected '" + expected + " CONTENT', got '" + line + "'");
      }
      specials.add(line.substring(sp + 1));
    }
    r.expectEnd();
    try {
      return new TrainedBpe(merges, specials);
    } catch (TokenizerException e) {
      throw new TokenizerException("model file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Line cursor whose errors name the file and the 1-based line. */
  private static final class Reader {
    private final Path file;
    private final String[] lines;
    private int index = -1;

    Reader(Path file, String[] lines) {
      this.file = file;
      this.lines = lines;
    }

    String next(String expected) {
      index++;
      if (index >= lines.length || (index == lines.length - 1 && lines[index].isEmpty())) {
        throw new TokenizerException("model file " + file + " ends early at line " + (index + 1) + ": expected "
            + expected);
      }
      return lines[index];
    }

    int count(String keyword) {
      String line = next("'" + keyword + " COUNT'");
      if (!line.startsWith(keyword + " ")) {
        throw error("expected '" + keyword + " COUNT', got '" + line + "'");
      }
      try {
        int v = Integer.parseInt(line.substring(keyword.length() + 1));
        if (v < 0) {
          throw error("count must be non-negative, got " + v);
        }
        return v;
      } catch (NumberFormatException e) {
        throw error("expected '" + keyword + " COUNT' with an integer count, got '" + line + "'");
      }
    }

    int parseId(String s, int below) {
      try {
        int v = Integer.parseInt(s);
        if (v >= 0 && v < below) {
          return v;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw error("expected a token id in 0.." + (below - 1) + ", got '" + s + "'");
    }

    void expectEnd() {
      for (int i = index + 1; i < lines.length; i++) {
        if (!lines[i].isEmpty()) {
          index = i;
          throw error("unexpected content after the last special token: '" + lines[i] + "'");
        }
      }
    }

    TokenizerException error(String message) {
      return new TokenizerException("model file " + file + " line " + (index + 1) + ": " + message);
    }
  }
}
