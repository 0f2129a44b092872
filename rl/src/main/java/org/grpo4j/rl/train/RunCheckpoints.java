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
import org.nd4j.linalg.api.buffer.DataType;
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

  /**
   * Checks the trainer state {@code s} of checkpoint {@code dir} against what a run writes: the step its directory is
   * named after, a data position that {@code step} iterations of B prompts (each up to 1 + max extra rounds of them
   * with dynamic sampling) reach, and a floating-point dtype. Errors name the file, the field and the value.
   */
  static void check(Path dir, TrainerState s) {
    String file = dir.resolve(STATE).toString();
    long named = step(dir);
    if (s.step() != named) {
      throw new CheckpointException(file, "field step " + s.step() + " does not match the checkpoint directory "
          + dir.getFileName() + " (expected " + named + ")", null);
    }
    TrainConfig c = s.config();
    long rounds = c.rollout().dynamicSampling() ? 1L + c.rollout().maxExtraRounds() : 1;
    long min = (long) s.step() * c.promptsPerStep();
    long max = rounds > Long.MAX_VALUE / Math.max(1, min) ? Long.MAX_VALUE : min * rounds;
    if (s.dataPosition() < min || s.dataPosition() > max) {
      throw new CheckpointException(file, "field dataPosition " + s.dataPosition() + " is out of range (expected "
          + (min == max ? String.valueOf(min) : min + " to " + max) + ": the next training problem after " + s.step()
          + " iterations of " + c.promptsPerStep() + " prompts" + (rounds > 1 ? ", each in up to " + rounds
          + " sampling rounds" : "") + ")", null);
    }
    DataType dtype;
    try {
      dtype = DataType.valueOf(s.dtype());
    } catch (IllegalArgumentException e) {
      dtype = null;
    }
    if (dtype == null || !dtype.isFPType()) {
      throw new CheckpointException(file, "field dtype '" + s.dtype() + "' is not a floating-point data type "
          + "(expected FLOAT or DOUBLE)", null);
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
