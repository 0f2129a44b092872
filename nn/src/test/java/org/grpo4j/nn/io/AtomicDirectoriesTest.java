package org.grpo4j.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.grpo4j.nn.checkpoint.Checkpoint;
import org.grpo4j.nn.checkpoint.CheckpointException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A directory is replaced as one unit: all new files or none, other files kept, no staging left behind. */
class AtomicDirectoriesTest {
  @TempDir
  Path tmp;

  @Test
  void createsThenReplacesKeepingFilesTheWriterDoesNotProduce() throws IOException {
    Path dir = tmp.resolve("ck");
    AtomicDirectories.write(dir, stage -> {
      Files.writeString(stage.resolve("model"), "v1");
      Files.writeString(stage.resolve("optimizer"), "v1");
    });
    Files.writeString(dir.resolve("tokenizer.json"), "tok");
    Files.createDirectories(dir.resolve("extra"));
    Files.writeString(dir.resolve("extra/notes.txt"), "notes");
    AtomicDirectories.write(dir, stage -> {
      Files.writeString(stage.resolve("model"), "v2");
      Files.writeString(stage.resolve("optimizer"), "v2");
    });
    assertEquals("v2", Files.readString(dir.resolve("model")));
    assertEquals("v2", Files.readString(dir.resolve("optimizer")));
    assertEquals("tok", Files.readString(dir.resolve("tokenizer.json")));
    assertEquals("notes", Files.readString(dir.resolve("extra/notes.txt")));
    assertEquals(List.of("ck"), names(tmp), "staging or old directories were left behind");
  }

  @Test
  void aFailingWriterLeavesTheDirectoryAsItWas() throws IOException {
    Path dir = tmp.resolve("ck");
    AtomicDirectories.write(dir, stage -> {
      Files.writeString(stage.resolve("model"), "v1");
      Files.writeString(stage.resolve("optimizer"), "v1");
    });
    IOException e = assertThrows(IOException.class, () -> AtomicDirectories.write(dir, stage -> {
      Files.writeString(stage.resolve("optimizer"), "v2"); // the first file of the new save is written ...
      throw new IOException("disk full"); // ... and the second fails
    }));
    assertEquals("disk full", e.getMessage());
    assertEquals("v1", Files.readString(dir.resolve("model")));
    assertEquals("v1", Files.readString(dir.resolve("optimizer")), "a half-written save reached the directory");
    assertEquals(List.of("ck"), names(tmp));
  }

  @Test
  void aSaveInterruptedBetweenItsRenamesIsNamedWhenLoading() throws IOException {
    Path dir = tmp.resolve("ck");
    Path old = tmp.resolve(".ck.1234.old");
    Files.createDirectories(old);
    Files.writeString(old.resolve(Checkpoint.CONFIG), "{}");
    assertEquals(old.toAbsolutePath(), AtomicDirectories.interruptedSave(dir).orElseThrow().toAbsolutePath());
    CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.readConfig(dir));
    assertTrue(e.getMessage().contains("a save into it was interrupted: the previous checkpoint is complete in")
        && e.getMessage().contains(".ck.1234.old"), e.getMessage());
    assertFalse(AtomicDirectories.interruptedSave(tmp.resolve("other")).isPresent());
  }

  @Test
  void theNextSaveRestoresAnInterruptedOneAndRemovesLeftovers() throws IOException {
    Path dir = tmp.resolve("ck");
    Path old = tmp.resolve(".ck.1234.old"); // stopped between the renames: ck is missing, .old is complete
    Files.createDirectories(old);
    Files.writeString(old.resolve("tokenizer"), "kept");
    Files.createDirectories(tmp.resolve(".ck.99.saving")); // a partial stage
    assertEquals(List.of(tmp.resolve(".ck.99.saving").toAbsolutePath()), AtomicDirectories.leftovers(dir));
    assertEquals(old.toAbsolutePath(), AtomicDirectories.interruptedSave(dir).orElseThrow());
    AtomicDirectories.write(dir, stage -> Files.writeString(stage.resolve("model"), "v2"));
    assertEquals("kept", Files.readString(dir.resolve("tokenizer")), "the restored .old was carried over");
    assertEquals(List.of("ck"), names(tmp));
    Files.createDirectories(tmp.resolve(".ck.5678.old")); // a partial .old beside a complete ck is a leftover
    assertFalse(AtomicDirectories.interruptedSave(dir).isPresent());
    assertEquals(1, AtomicDirectories.leftovers(dir).size());
    AtomicDirectories.write(dir, stage -> Files.writeString(stage.resolve("model"), "v3"));
    assertEquals(List.of("ck"), names(tmp));
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
