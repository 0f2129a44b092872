package org.grpo4j.nn.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Replaces a directory's contents as one unit: the new files are written into a staging directory beside it, the
 * files the writer does not produce (a tokenizer next to a checkpoint, say) are carried over, then the staging
 * directory takes the target's name by rename. A failure before the rename leaves the target untouched; a crash
 * between the two renames of a replacement leaves both the old and the new directory complete beside the target
 * (named {@code .NAME.HEX.old} and {@code .NAME.HEX.saving}), and {@link #interruptedSave} finds them.
 */
public final class AtomicDirectories {
  private AtomicDirectories() {}

  /** Writes {@code dir} through {@code body}, which fills the staging directory it is given. */
  public static void write(Path dir, IOConsumer<Path> body) throws IOException {
    Path target = dir.toAbsolutePath().normalize();
    Path parent = target.getParent();
    Files.createDirectories(parent);
    String nonce = Long.toHexString(ThreadLocalRandom.current().nextLong());
    Path stage = parent.resolve("." + target.getFileName() + "." + nonce + ".saving");
    Files.createDirectory(stage);
    try {
      body.accept(stage);
      boolean replacing = Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS);
      if (replacing) {
        carryOver(target, stage);
      }
      sync(stage);
      if (!replacing) {
        Files.move(stage, target, StandardCopyOption.ATOMIC_MOVE);
      } else {
        Path old = parent.resolve("." + target.getFileName() + "." + nonce + ".old");
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        Files.move(stage, target, StandardCopyOption.ATOMIC_MOVE);
        deleteRecursively(old);
      }
      sync(parent);
    } catch (IOException | RuntimeException e) {
      if (Files.exists(stage, LinkOption.NOFOLLOW_LINKS)) {
        deleteRecursively(stage);
      }
      throw e;
    }
  }

  /** The directory left beside {@code dir} by a replacement that stopped between its two renames, if any. */
  public static Optional<Path> interruptedSave(Path dir) {
    Path target = dir.toAbsolutePath().normalize();
    Path parent = target.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      return Optional.empty();
    }
    String prefix = "." + target.getFileName() + ".";
    try (DirectoryStream<Path> s = Files.newDirectoryStream(parent, p -> {
      String n = p.getFileName().toString();
      return n.startsWith(prefix) && n.endsWith(".old") && Files.isDirectory(p);
    })) {
      for (Path p : s) {
        return Optional.of(p);
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** Links (or copies) into stage every entry of dir that stage does not have. */
  private static void carryOver(Path dir, Path stage) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path from : entries) {
        Path to = stage.resolve(from.getFileName().toString());
        if (Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
          continue; // written by this save
        }
        if (Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)) {
          copyTree(from, to);
        } else {
          try {
            Files.createLink(to, from);
          } catch (UnsupportedOperationException | IOException e) {
            Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
          }
        }
      }
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Files.copy(p, to.resolve(from.relativize(p).toString()), StandardCopyOption.COPY_ATTRIBUTES,
            LinkOption.NOFOLLOW_LINKS);
      }
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** Forces a directory's entries to disk; not every platform can open a directory, which is then skipped. */
  private static void sync(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | RuntimeException e) {
      // best effort: the files themselves were forced when written
    }
  }
}
