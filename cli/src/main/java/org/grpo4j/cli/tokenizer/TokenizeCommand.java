package org.grpo4j.cli.tokenizer;

import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.grpo4j.tokenizer.SpecialTokenPolicy;
import org.grpo4j.tokenizer.Tokenizer;
import org.grpo4j.tokenizer.TokenizerException;
import org.grpo4j.tokenizer.tool.LineCodec;
import org.grpo4j.tokenizer.tool.TokenizerSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code grpo4j tokenize}: prints the token ids of each input line, or with {@code --decode} the reverse. */
@Command(name = "tokenize", mixinStandardHelpOptions = true,
    description = {"Encodes text to token ids, one output line of space-separated ids per input line (split on"
        + " \"\\n\" only). With --decode, reads lines of ids and prints their text joined by \"\\n\", so decoding"
        + " the output of encoding restores the input exactly."})
public final class TokenizeCommand implements Callable<Integer> {

  @Option(names = "--vocab", paramLabel = "FILE", description = "GPT-2 vocab.json (with --merges).")
  Path vocab;

  @Option(names = "--merges", paramLabel = "FILE", description = "GPT-2 merges.txt (with --vocab).")
  Path merges;

  @Option(names = "--tokenizer", paramLabel = "FILE", description = "Hugging Face tokenizer.json (byte-level BPE).")
  Path tokenizerJson;

  @Option(names = "--model", paramLabel = "DIR", description = "Directory saved by 'grpo4j tokenizer train'.")
  Path modelDir;

  @Option(names = "--input", paramLabel = "FILE", description = "Read this file instead of standard input.")
  Path input;

  @Option(names = "--decode", description = "Decode lines of ids to text instead of encoding.")
  boolean decode;

  @Option(names = "--special", paramLabel = "POLICY", defaultValue = "AS_TEXT",
      description = "Special-token text when encoding: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  SpecialTokenPolicy special;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    TokenizerSource source;
    try {
      source = new TokenizerSource(vocab, merges, tokenizerJson, modelDir);
    } catch (TokenizerException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    Tokenizer tokenizer = source.load();
    String name = input == null ? "standard input" : input.toString();
    OutputStream out = new BufferedOutputStream(System.out, 1 << 16);
    try (InputStream in = input == null ? System.in : LineCodec.open(input)) {
      if (decode) {
        LineCodec.decode(tokenizer, in, name, out);
      } else {
        LineCodec.encode(tokenizer, special, in, name, out);
      }
    } finally {
      out.flush();
    }
    return 0;
  }
}
