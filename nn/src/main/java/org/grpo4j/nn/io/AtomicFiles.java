package org.grpo4j.nn.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files atomically: the content goes to a temporary file in the target's directory, is flushed to disk, and is
 * then renamed over the target, so readers and crashes see either the old file or the complete new one.
 *
 * <p>If the body throws, the target is left untouched and the temporary file is deleted. The new file gets the
 * default permissions of a newly created file; a symbolic link at the target is replaced, not followed.
 */
public final class AtomicFiles {
  private static final int BUFFER = 1 << 16;

  private AtomicFiles() {}

  /** Atomically replaces (or creates) {@code target} with {@code text} encoded as UTF-8. */
  public static void writeString(Path target, String text) throws IOException {
    writeString(target, text, WriteMode.REPLACE);
  }

  /** Atomically writes {@code text} as UTF-8 to {@code target}, following {@code mode} when it exists. */
  public static void writeString(Path target, String text, WriteMode mode) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    write(target, mode, out -> out.write(bytes));
  }

  /** Atomically replaces (or creates) {@code target} with what {@code body} writes to the stream it is given. */
  public static void write(Path target, IOConsumer<? super OutputStream> body) throws IOException {
    write(target, WriteMode.REPLACE, body);
  }

  /**
   * Atomically writes {@code target} with what {@code body} writes to the (buffered) stream it is given.
   *
   * @throws FileAlreadyExistsException if {@code mode} is {@link WriteMode#CREATE_NEW} and the target exists
   */
  public static void write(Path target, WriteMode mode, IOConsumer<? super OutputStream> body) throws IOException {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(body, "body");
    Path file = target.toAbsolutePath();
    Path dir = file.getParent();
    if (file.getFileName() == null || dir == null) {
      throw new IllegalArgumentException("cannot write " + target + ": it names no file");
    }
    if (mode == WriteMode.CREATE_NEW && Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      throw alreadyExists(file);
    }
    Path temp = createTemp(dir, file.getFileName().toString());
    Throwable failure = null;
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER);
        body.accept(new FilterOutputStream(out) {
          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
          }

          @Override
          public void close() throws IOException {
            out.flush(); // the body may close its stream; the file is closed after the fsync below
          }
        });
        out.flush();
        channel.force(true);
      }
      publish(temp, file, mode);
    } catch (IOException | RuntimeException | Error e) {
      failure = e;
      throw e;
    } finally {
      try {
        Files.deleteIfExists(temp); // a no-op after a successful rename
      } catch (IOException e) {
        if (failure == null) {
          throw e;
        }
        failure.addSuppressed(e);
      }
    }
    syncDirectory(dir);
  }

  private static Path createTemp(Path dir, String name) throws IOException {
    for (int attempt = 0; ; attempt++) {
      Path temp = dir.resolve("." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
      try {
        return Files.createFile(temp);
      } catch (FileAlreadyExistsException e) {
        if (attempt >= 100) {
          throw e;
        }
      }
    }
  }

  private static void publish(Path temp, Path file, WriteMode mode) throws IOException {
    if (mode == WriteMode.REPLACE) {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return;
    }
    try {
      Files.createLink(file, temp); // link(2) fails if the target exists: no race with another writer
    } catch (FileAlreadyExistsException e) {
      throw alreadyExists(file);
    } catch (UnsupportedOperationException | IOException e) {
      // no hard links on this file system: check, then rename (a writer racing in between could be overwritten)
      if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        throw alreadyExists(file);
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  private static FileAlreadyExistsException alreadyExists(Path file) {
    return new FileAlreadyExistsException(file.toString(), null,
        "refusing to overwrite the existing file (WriteMode.CREATE_NEW); use WriteMode.REPLACE to replace it");
  }

  /** Makes the rename durable; not every platform can open a directory, which is then skipped. */
  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | RuntimeException e) {
      // best effort: the file content itself was already forced to disk
    }
  }
}
