package org.grpo4j.tokenizer;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One step of a Hugging Face decoder chain over token strings (the decoders of SentencePiece-style BPE). */
public sealed interface TokenDecoder {

  /** Maps the token strings to new ones; {@code strict} makes invalid UTF-8 in byte tokens an error. */
  List<String> apply(List<String> tokens, boolean strict);

  /** Replaces every occurrence of {@code pattern} in each token by {@code content}. */
  record Replace(String pattern, String content) implements TokenDecoder {
    /** Validates that the pattern is non-empty. */
    public Replace {
      if (pattern == null || pattern.isEmpty() || content == null) {
        throw new IllegalArgumentException("Replace needs a non-empty pattern and a content, got " + pattern);
      }
    }

    @Override
    public List<String> apply(List<String> tokens, boolean strict) {
      List<String> out = new ArrayList<>(tokens.size());
      for (String t : tokens) {
        out.add(t.replace(pattern, content));
      }
      return out;
    }
  }

  /** Turns runs of {@code <0xXX>} tokens into the text their bytes spell (U+FFFD per byte when not UTF-8). */
  record ByteFallback() implements TokenDecoder {
    @Override
    public List<String> apply(List<String> tokens, boolean strict) {
      List<String> out = new ArrayList<>(tokens.size());
      byte[] run = new byte[tokens.size()];
      int n = 0;
      for (int i = 0; i <= tokens.size(); i++) {
        int b = i < tokens.size() ? byteValue(tokens.get(i)) : -1;
        if (b >= 0) {
          run[n++] = (byte) b;
          continue;
        }
        if (n > 0) {
          flush(run, n, i, strict, out);
          n = 0;
        }
        if (i < tokens.size()) {
          out.add(tokens.get(i));
        }
      }
      return out;
    }

    private static void flush(byte[] run, int n, int end, boolean strict, List<String> out) {
      try {
        out.add(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(run, 0, n)).toString());
      } catch (CharacterCodingException e) {
        if (strict) {
          throw new TokenizerException("byte-fallback tokens at indices " + (end - n) + ".." + (end - 1)
              + " do not spell valid UTF-8 (use InvalidUtf8Policy.REPLACE to get U+FFFD for each of them)");
        }
        for (int k = 0; k < n; k++) {
          out.add("\uFFFD");
        }
      }
    }

    /** The byte a {@code <0xXX>} token stands for, or -1 for any other token. */
    static int byteValue(String t) {
      if (t.length() != 6 || !t.startsWith("<0x") || t.charAt(5) != '>') {
        return -1;
      }
      int hi = Character.digit(t.charAt(3), 16);
      int lo = Character.digit(t.charAt(4), 16);
      return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
    }
  }

  /** Joins all tokens into one. */
  record Fuse() implements TokenDecoder {
    @Override
    public List<String> apply(List<String> tokens, boolean strict) {
      return List.of(String.join("", tokens));
    }
  }

  /** Removes up to {@code start} leading and {@code stop} trailing {@code content} characters from each token. */
  record Strip(char content, int start, int stop) implements TokenDecoder {
    /** Validates that the counts are non-negative. */
    public Strip {
      if (start < 0 || stop < 0) {
        throw new IllegalArgumentException("Strip start and stop must be >= 0, got " + start + ", " + stop);
      }
    }

    @Override
    public List<String> apply(List<String> tokens, boolean strict) {
      List<String> out = new ArrayList<>(tokens.size());
      for (String t : tokens) {
        int a = 0;
        while (a < start && a < t.length() && t.charAt(a) == content) {
          a++;
        }
        int b = t.length();
        while (t.length() - b < stop && b > a && t.charAt(b - 1) == content) {
          b--;
        }
        out.add(t.substring(a, b));
      }
      return out;
    }
  }

  /** The Metaspace decoder: replacements become spaces, except that the first token drops them unless NEVER. */
  record Metaspace(char replacement, PrependScheme scheme) implements TokenDecoder {
    /** Validates that the scheme is given. */
    public Metaspace {
      if (scheme == null) {
        throw new IllegalArgumentException("Metaspace decoder needs a prepend scheme");
      }
    }

    @Override
    public List<String> apply(List<String> tokens, boolean strict) {
      List<String> out = new ArrayList<>(tokens.size());
      for (int i = 0; i < tokens.size(); i++) {
        String t = tokens.get(i);
        out.add(i == 0 && scheme != PrependScheme.NEVER ? t.replace(String.valueOf(replacement), "")
            : t.replace(replacement, ' '));
      }
      return out;
    }
  }
}
