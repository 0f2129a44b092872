package org.grpo4j.nn.io;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** The text of a failure for an error message, with the reason an I/O error hides spelled out. */
public final class IoErrors {
  private IoErrors() {}

  /**
   * "FILE: reason" for a file-system error, whose own message is often just the path (an unreadable file gives
   * "ck/model.safetensors"); otherwise the exception's message.
   */
  public static String reason(Throwable e) {
    String what = e instanceof AccessDeniedException ? "permission denied"
        : e instanceof NoSuchFileException ? "no such file or directory"
        : e instanceof FileAlreadyExistsException ? "already exists"
        : e instanceof NotDirectoryException ? "not a directory"
        : e instanceof DirectoryNotEmptyException ? "directory not empty"
        : null;
    if (e instanceof FileSystemException fs) {
      String why = fs.getReason() != null ? fs.getReason() : what != null ? what : e.getClass().getSimpleName();
      return (fs.getFile() != null ? fs.getFile() + ": " : "") + why;
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
