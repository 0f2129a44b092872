package org.grpo4j.rl.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.grpo4j.nn.checkpoint.CheckpointException;
import org.grpo4j.nn.io.AtomicFiles;
import org.grpo4j.nn.io.Safetensors;
import org.grpo4j.nn.optim.AdamW;
import org.grpo4j.rl.model.ModelDirectory;
import org.grpo4j.tokenizer.Tokenizer;
import org.grpo4j.transformer.LanguageModel;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Run checkpoints {@code checkpoints/step-N}, each written as one unit (staged beside, then renamed): policy and
 * optimizer ({@code ModelCheckpoint}), tokenizer, {@code trainer_state.json}, and {@code reference.safetensors} when a
 * reference policy exists. A checkpoint counts as complete only with its trainer state.
 */
final class RunCheckpoints {
  static final String STATE = "trainer_state.json";
  static final String REFERENCE = "reference.safetensors";
  private static final Pattern NAME = Pattern.compile("step-(\\d+)");
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private RunCheckpoints() {}

  static Path save(Path checkpoints, TrainerState state, LanguageModel model, AdamW optimizer, Tokenizer tokenizer,
      Path tokenizerSource, LanguageModel reference) {
    Path dir = checkpoints.resolve("step-" + state.step());
    ModelDirectory.save(dir, model, optimizer, tokenizer, tokenizerSource, stage -> {
      if (reference != null) {
        Safetensors.write(stage.resolve(REFERENCE), reference.stateDict(), Map.of("format", "pt"));
      }
      AtomicFiles.writeString(stage.resolve(STATE), JSON.writeValueAsString(state));
    });
    return dir;
  }

  /** The complete checkpoint with the highest step, if any. */
  static Optional<Path> latest(Path checkpoints) {
    if (!Files.isDirectory(checkpoints)) {
      return Optional.empty();
    }
    try (Stream<Path> s = Files.list(checkpoints)) {
      return s.filter(p -> NAME.matcher(p.getFileName().toString()).matches())
          .filter(p -> Files.isRegularFile(p.resolve(STATE)))
          .max((a, b) -> Long.compare(step(a), step(b)));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot list " + checkpoints + ": " + e.getMessage(), e);
    }
  }

  private static long step(Path p) {
    Matcher m = NAME.matcher(p.getFileName().toString());
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }

  /** The trainer state of a checkpoint; a missing or corrupt file is an error naming it. */
  static TrainerState readState(Path dir) {
    Path file = dir.resolve(STATE);
    try {
      TrainerState s = JSON.readValue(file.toFile(), TrainerState.class);
      if (s == null) {
        throw new IOException("empty file");
      }
      return s;
    } catch (IOException | RuntimeException e) {
      throw new CheckpointException(file.toString(), "corrupt or unreadable trainer state: " + e.getMessage(), e);
    }
  }

  /** Loads the reference weights of a checkpoint into {@code reference}; a missing or corrupt file names it. */
  static void loadReference(Path dir, LanguageModel reference) {
    Path file = dir.resolve(REFERENCE);
    try {
      Map<String, INDArray> tensors = Safetensors.read(file).tensors();
      var problems = reference.stateDictProblems(tensors);
      if (!problems.isEmpty()) {
        throw new CheckpointException(file.toString(), problems);
      }
      reference.loadStateDict(tensors);
    } catch (IOException | RuntimeException e) {
      if (e instanceof CheckpointException c) {
        throw c;
      }
      throw new CheckpointException(file.toString(), "corrupt or unreadable reference weights: " + e.getMessage(), e);
    }
  }
}
