package org.grpo4j.cli.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.grpo4j.nn.io.IoErrors;

/**
 * Checks a command's outputs before it starts working, so that a long run never fails at its end: the location is
 * a directory (or can be created as one), it is writable (probed by creating and deleting a file, which also holds
 * for root and read-only mounts), and it holds no earlier result unless the user allowed replacing or continuing it.
 * Nothing is created. Usage in a command's {@code call()}, first thing:
 * {@code Outputs.directory(out, "--out", ExistingOutput.of(overwrite, resume), "model.safetensors")}.
 */
public final class Outputs {
  private Outputs() {}

  /**
   * Checks the output directory {@code dir} given by {@code option}; {@code results} are the file names whose
   * presence means an earlier result. Returns the results found (empty when none).
   */
  public static List<String> directory(Path dir, String option, ExistingOutput existing, String... results) {
    requireNamed(dir, option, "directory");
    if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(dir)) {
      throw new IllegalArgumentException(option + " " + dir + " is a file; expected a directory");
    }
    Path probeIn = Files.isDirectory(dir) ? dir : nearestExisting(dir, dir, option);
    probe(probeIn, dir, option);
    List<String> found = new ArrayList<>();
    for (String r : results) {
      if (Files.isDirectory(dir.resolve(r), LinkOption.NOFOLLOW_LINKS)) {
        throw new IllegalArgumentException(option + " " + dir + " holds a directory " + r + " where the file " + r
            + " is to be written; move it away");
      }
      if (Files.exists(dir.resolve(r), LinkOption.NOFOLLOW_LINKS)) {
        found.add(r);
      }
    }
    if (!found.isEmpty() && existing == ExistingOutput.REFUSE) {
      throw new IllegalArgumentException(option + " " + dir + " already holds " + String.join(", ", found)
          + " from an earlier run; pass --overwrite to replace it" + (found.contains("model.safetensors")
          ? " or --resume to continue it" : ""));
    }
    return found;
  }

  /** Checks the output file {@code file} given by {@code option}: a writable place, not a directory, no result. */
  public static void file(Path file, String option, ExistingOutput existing) {
    requireNamed(file, option, "file");
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException(option + " " + file + " is a directory; expected a file");
    }
    Path parent = file.toAbsolutePath().getParent();
    probe(Files.isDirectory(parent) ? parent : nearestExisting(parent, file, option), file, option);
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && existing == ExistingOutput.REFUSE) {
      throw new IllegalArgumentException(option + " " + file + " already exists; pass --overwrite to replace it");
    }
  }

  /**
   * Refuses an empty path (which would mean the current directory) and a filesystem root, neither of which can be
   * written to as a whole or replaced by a rename; {@code kind} is "directory" or "file".
   */
  public static void requireNamed(Path p, String option, String kind) {
    if (p.toString().isEmpty()) {
      throw new IllegalArgumentException(option + " is empty; expected a " + kind + " path (use . for the current"
          + " directory)");
    }
    if (p.getFileName() == null || p.toAbsolutePath().normalize().getParent() == null) {
      throw new IllegalArgumentException(option + " " + p + " is a filesystem root; expected a " + kind
          + " below it");
    }
  }

  /** The closest existing one of {@code p} and its ancestors, which must be a directory to create {@code target} in. */
  private static Path nearestExisting(Path p, Path target, String option) {
    Path a = p.toAbsolutePath().normalize();
    while (a != null && !Files.exists(a)) {
      a = a.getParent();
    }
    if (a == null) {
      throw new IllegalArgumentException(option + " " + target + " cannot be created: no existing parent directory");
    }
    if (!Files.isDirectory(a)) {
      throw new IllegalArgumentException(option + " " + target + " cannot be created: " + a
          + " is a file, not a directory");
    }
    return a;
  }

  /** Creates and deletes a file in {@code dir}; throws naming {@code target} and the cause if that fails. */
  private static void probe(Path dir, Path target, String option) {
    Path f = dir.resolve(".grpo4j-write-check-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    try {
      Files.createFile(f);
      Files.delete(f);
    } catch (IOException | SecurityException e) {
      throw new IllegalArgumentException(option + " " + target + " is not writable: " + IoErrors.reason(e)
          + (dir.equals(target) ? "" : " (in " + dir + ")"));
    }
  }
}
