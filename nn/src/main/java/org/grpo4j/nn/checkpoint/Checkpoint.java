package org.grpo4j.nn.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.grpo4j.nn.Module;
import org.grpo4j.nn.io.AtomicDirectories;
import org.grpo4j.nn.io.AtomicFiles;
import org.grpo4j.nn.io.IoErrors;
import org.grpo4j.nn.io.Safetensors;
import org.grpo4j.nn.io.SafetensorsException;
import org.grpo4j.nn.io.SafetensorsFile;
import org.grpo4j.nn.optim.Optimizer;
import org.grpo4j.nn.optim.OptimizerKind;
import org.grpo4j.nn.optim.OptimizerState;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A checkpoint directory: {@code model.safetensors} (parameters by dotted name, metadata {@code format: pt} as
 * Hugging Face writes), {@code optimizer.safetensors} (per-parameter buffers; step, kind and caller's training state
 * in the metadata) and {@code config.json}. A save replaces the directory as one unit ({@link AtomicDirectories}:
 * staged beside it, other files carried over, then renamed into place), so model and optimizer always come from the
 * same save; loading reads and checks everything (names, shapes, dtypes of model and optimizer) before changing
 * anything.
 */
public final class Checkpoint {
  /** The parameters file. */
  public static final String MODEL = "model.safetensors";
  /** The optimizer state file. */
  public static final String OPTIMIZER = "optimizer.safetensors";
  /** The model configuration file. */
  public static final String CONFIG = "config.json";
  /** Largest {@code config.json} read. */
  public static final long MAX_CONFIG_BYTES = 1 << 20;
  private static final String KIND = "grpo4j.optimizer.kind";
  private static final String STEP = "grpo4j.optimizer.step";

  private Checkpoint() {}

  /**
   * Writes {@code model} (and {@code optimizer} with {@code trainingState} strings, unless it is null) and
   * {@code configJson} to {@code dir}, creating it if needed.
   */
  public static void save(Path dir, Module model, Optimizer optimizer, String configJson,
      Map<String, String> trainingState) {
    try {
      AtomicDirectories.write(dir, stage -> {
        if (optimizer != null) {
          OptimizerState s = optimizer.state();
          Map<String, String> meta = new LinkedHashMap<>(trainingState);
          meta.put(KIND, s.kind().name());
          meta.put(STEP, Long.toString(s.step()));
          Safetensors.write(stage.resolve(OPTIMIZER), s.tensors(), meta);
        }
        Safetensors.write(stage.resolve(MODEL), model.stateDict(), Map.of("format", "pt"));
        AtomicFiles.writeString(stage.resolve(CONFIG), configJson);
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + dir + ": " + IoErrors.reason(e), e);
    }
  }

  /** The text of {@code dir/config.json}. */
  public static String readConfig(Path dir) {
    Path file = dir.resolve(CONFIG);
    if (!Files.isRegularFile(file)) {
      String interrupted = AtomicDirectories.interruptedSave(dir)
          .map(old -> "; a save into it was interrupted: the previous checkpoint is complete in " + old
              + " (the next save into " + dir + " puts it back)").orElse("");
      throw new CheckpointException(dir.toString(), List.of("no " + CONFIG + " (expected a checkpoint directory)"
          + interrupted));
    }
    try {
      if (Files.size(file) > MAX_CONFIG_BYTES) {
        throw new CheckpointException(dir.toString(), List.of(CONFIG + " is " + Files.size(file)
            + " bytes, more than the " + MAX_CONFIG_BYTES + " a model config may have"));
      }
      return Files.readString(file);
    } catch (IOException e) {
      throw new CheckpointException(dir.toString(), "cannot read " + CONFIG + ": " + IoErrors.reason(e), e);
    }
  }

  /** The tensors and metadata of a safetensors file of the checkpoint ({@link #MODEL} or {@link #OPTIMIZER}). */
  public static SafetensorsFile readFile(Path dir, String name) {
    Path file = dir.resolve(name);
    if (!Files.isRegularFile(file)) {
      throw new CheckpointException(dir.toString(), List.of("no " + name));
    }
    try {
      return Safetensors.read(file);
    } catch (IOException | SafetensorsException e) {
      throw new CheckpointException(dir.toString(), "cannot read " + name + ": " + IoErrors.reason(e), e);
    }
  }

  /** Loads the parameters of {@code model} from {@code dir}; on any difference nothing is changed. */
  public static void loadModel(Path dir, Module model) {
    load(dir, model, null);
  }

  /**
   * Loads parameters and (unless {@code optimizer} is null) optimizer state from {@code dir}, checking both before
   * changing either; returns the training-state strings saved with the optimizer (empty without one).
   */
  public static Map<String, String> load(Path dir, Module model, Optimizer optimizer) {
    Map<String, INDArray> tensors = readFile(dir, MODEL).tensors();
    SafetensorsFile opt = optimizer == null ? null : readFile(dir, OPTIMIZER);
    OptimizerState state = opt == null ? null : optimizerState(dir, opt);
    List<String> problems = new ArrayList<>();
    model.stateDictProblems(tensors).forEach(p -> problems.add(MODEL + ": " + p));
    if (state != null) {
      optimizer.stateProblems(state).forEach(p -> problems.add(OPTIMIZER + ": " + p));
    }
    if (!problems.isEmpty()) {
      throw new CheckpointException(dir.toString(), problems);
    }
    model.loadStateDict(tensors);
    if (state == null) {
      return Map.of();
    }
    optimizer.loadState(state);
    Map<String, String> training = new LinkedHashMap<>(opt.metadata());
    training.remove(KIND);
    training.remove(STEP);
    return training;
  }

  private static OptimizerState optimizerState(Path dir, SafetensorsFile f) {
    String kind = f.metadata().get(KIND);
    String step = f.metadata().get(STEP);
    try {
      return new OptimizerState(OptimizerKind.valueOf(kind), Long.parseLong(step),
          new LinkedHashMap<>(f.tensors()));
    } catch (RuntimeException e) {
      throw new CheckpointException(dir.resolve(OPTIMIZER).toString(), "metadata " + KIND + "=" + kind + ", " + STEP
          + "=" + step + " is not a valid optimizer kind and step", e);
    }
  }
}
