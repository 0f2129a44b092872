package org.grpo4j.cli.hostile;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.grpo4j.nn.Parameter;
import org.grpo4j.transformer.Gpt;
import org.grpo4j.transformer.GptCheckpoint;
import org.grpo4j.transformer.GptConfig;

/** Small hostile files: checkpoints with edited configs or broken weights, long lines, bad text. */
final class Fixtures {
  static final GptConfig TINY = GptConfig.of(2, 2, 16, 20, 32);

  private Fixtures() {}

  /** A valid tiny checkpoint in {@code dir}. */
  static Path checkpoint(Path dir) {
    GptCheckpoint.save(dir, new Gpt(TINY, 3), null);
    return dir;
  }

  /** A copy of a valid checkpoint whose config.json has {@code from} replaced by {@code to}. */
  static Path editedConfig(Path dir, String from, String to) throws IOException {
    checkpoint(dir);
    String json = Files.readString(dir.resolve("config.json"));
    if (!json.contains(from)) {
      throw new IllegalStateException("config.json has no '" + from + "': " + json);
    }
    Files.writeString(dir.resolve("config.json"), json.replace(from, to));
    return dir;
  }

  /** A checkpoint whose transformer.h.1.mlp.c_fc.weight holds {@code value} at one element. */
  static Path brokenWeights(Path dir, float value) {
    Gpt model = new Gpt(TINY, 3);
    Parameter p = model.namedParameters().get("transformer.h.1.mlp.c_fc.weight");
    p.data().putScalar(new long[] {3, 5}, value);
    GptCheckpoint.save(dir, model, null);
    return dir;
  }

  /** A file of {@code bytes} bytes of 'a' without any newline. */
  static Path longLine(Path file, long bytes) throws IOException {
    byte[] chunk = new byte[1 << 20];
    Arrays.fill(chunk, (byte) 'a');
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = bytes; left > 0; left -= chunk.length) {
        out.write(chunk, 0, (int) Math.min(chunk.length, left));
      }
    }
    return file;
  }

  /** A text file. */
  static Path text(Path file, String content) throws IOException {
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  /** A file of raw bytes. */
  static Path bytes(Path file, byte... content) throws IOException {
    Files.write(file, content);
    return file;
  }
}
