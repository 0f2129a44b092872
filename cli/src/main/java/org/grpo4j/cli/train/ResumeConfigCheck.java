package org.grpo4j.cli.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.grpo4j.rl.train.TrainConfig;

/**
 * Refuses a resume whose {@code command.json} gives the trainer other settings than the run's latest {@code
 * trainer_state.json} holds (an edited file would otherwise be half used: the trainer keeps its stored settings
 * while the task is rebuilt from the command's), naming each field and both values.
 */
final class ResumeConfigCheck {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The one field a resume may change. */
  private static final String MAX_STEPS = "maxSteps";
  /** Stop strings: the stored list may end with a chat template's end-of-turn tokens, added from the tokenizer. */
  private static final String STOP_STRINGS = "rollout.stopStrings";

  private ResumeConfigCheck() {}

  /** Throws when {@code fromCommand} (read from {@code commandFile}) and {@code stored} differ beyond max steps. */
  static void require(Path commandFile, TrainConfig fromCommand, TrainConfig stored, Path run) {
    List<String> differences = new ArrayList<>();
    diff("", tree(fromCommand), tree(stored), differences);
    if (!differences.isEmpty()) {
      throw new IllegalArgumentException(commandFile + " does not match the settings the run in " + run + " was "
          + "checkpointed with (trainer_state.json): " + String.join("; ", differences) + ". A resumed run keeps its "
          + "settings: restore " + commandFile.getFileName() + ", or start a new run with --out");
    }
  }

  private static JsonNode tree(TrainConfig c) {
    try {
      return JSON.readTree(c.toJson());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void diff(String path, JsonNode command, JsonNode stored, List<String> out) {
    if (path.equals(MAX_STEPS) || command.equals(stored)) {
      return;
    }
    if (path.equals(STOP_STRINGS) && command.isArray() && stored.isArray() && isPrefix(command, stored)) {
      return;
    }
    if (command.isObject() && stored.isObject()) {
      for (Iterator<String> names = stored.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        diff(path.isEmpty() ? name : path + "." + name, command.path(name), stored.get(name), out);
      }
      return;
    }
    out.add(path + " " + command + " in the command, " + stored + " stored");
  }

  private static boolean isPrefix(JsonNode shorter, JsonNode longer) {
    if (shorter.size() > longer.size()) {
      return false;
    }
    for (int i = 0; i < shorter.size(); i++) {
      if (!shorter.get(i).equals(longer.get(i))) {
        return false;
      }
    }
    return true;
  }
}
