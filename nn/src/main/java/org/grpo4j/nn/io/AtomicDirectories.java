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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Replaces a directory's contents as one unit: the new files are written into a staging directory beside it, the
 * files the writer does not produce (a tokenizer next to a checkpoint, say) are carried over, then the staging
 * directory takes the target's name by rename. A failure before the rename leaves the target untouched; a crash
 * between the two renames of a replacement leaves both the old and the new directory complete beside the target
 * (named {@code .NAME.HEX.old} and {@code .NAME.HEX.saving}), and {@link #interruptedSave} finds them. The old
 * directory is renamed to {@code .NAME.HEX.deleting} before it is deleted, so a {@code .old} directory is always
 * complete and a {@code .deleting} one is always garbage. The next {@link #write} first puts an interrupted save's
 * {@code .old} back in place, then removes every leftover ({@link #leftovers}); one writer per directory at a time.
 */
public final class AtomicDirectories {
  private AtomicDirectories() {}

  /** Writes {@code dir} through {@code body}, which fills the staging directory it is given. */
  public static void write(Path dir, IOConsumer<Path> body) throws IOException {
    Path target = dir.toAbsolutePath().normalize();
    Path parent = target.getParent();
    Files.createDirectories(parent);
    recover(target);
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
        Path doomed = parent.resolve("." + target.getFileName() + "." + nonce + ".deleting");
        Files.move(old, doomed, StandardCopyOption.ATOMIC_MOVE);
        deleteRecursively(doomed);
      }
      sync(parent);
    } catch (IOException | RuntimeException e) {
      if (Files.exists(stage, LinkOption.NOFOLLOW_LINKS)) {
        deleteRecursively(stage);
      }
      throw e;
    }
  }

  /**
   * The previous, complete directory left beside {@code dir} by a replacement that stopped between its two renames
   * (so {@code dir} itself is missing), if any. With {@code dir} present a {@code .old} beside it is a leftover.
   */
  public static Optional<Path> interruptedSave(Path dir) {
    Path target = dir.toAbsolutePath().normalize();
    if (target.getParent() == null || Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    return siblings(target).stream().filter(p -> p.getFileName().toString().endsWith(".old")).findFirst();
  }

  /**
   * Directories an interrupted write left beside {@code dir} that no load may use: staging ({@code .saving}, maybe
   * partial), {@code .deleting}, and {@code .old} ones when {@code dir} exists (its replacement finished).
   */
  public static List<Path> leftovers(Path dir) {
    Path target = dir.toAbsolutePath().normalize();
    boolean present = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
    List<Path> out = new ArrayList<>();
    for (Path p : siblings(target)) {
      String n = p.getFileName().toString();
      if (n.endsWith(".saving") || n.endsWith(".deleting") || (present && n.endsWith(".old"))) {
        out.add(p);
      }
    }
    return out;
  }

  /** Restores an interrupted replacement's complete {@code .old} as {@code target}, then deletes the leftovers. */
  private static void recover(Path target) throws IOException {
    Optional<Path> old = interruptedSave(target);
    if (old.isPresent()) {
      Files.move(old.get(), target, StandardCopyOption.ATOMIC_MOVE);
    }
    for (Path p : leftovers(target)) {
      deleteRecursively(p);
    }
  }

  /** Directories named {@code .NAME.HEX.(saving|old|deleting)} beside {@code target}, sorted by name. */
  private static List<Path> siblings(Path target) {
    Path parent = target.getParent();
    List<Path> out = new ArrayList<>();
    if (parent == null || !Files.isDirectory(parent)) {
      return out;
    }
    String prefix = "." + target.getFileName() + ".";
    try (DirectoryStream<Path> s = Files.newDirectoryStream(parent, p -> {
      String n = p.getFileName().toString();
      return n.startsWith(prefix) && n.substring(prefix.length()).matches("-?[0-9a-f]+\\.(saving|old|deleting)")
          && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
    })) {
      s.forEach(out::add);
    } catch (IOException e) {
      return out;
    }
    out.sort(null);
    return out;
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
