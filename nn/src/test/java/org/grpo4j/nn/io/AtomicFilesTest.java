package org.grpo4j.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Atomic writes replace or create files completely, or leave the old file and no temporary files behind. */
class AtomicFilesTest {
  @TempDir Path dir;

  private List<String> listing() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void createsAndReplaces() throws Exception {
    Path file = dir.resolve("config.json");
    AtomicFiles.writeString(file, "{\"a\": 1}");
    assertEquals("{\"a\": 1}", Files.readString(file));
    AtomicFiles.writeString(file, "ünïcode ✓");
    assertEquals("ünïcode ✓", Files.readString(file, StandardCharsets.UTF_8));
    assertEquals(List.of("config.json"), listing());
  }

  @Test
  void bodyMayCloseItsStreamAndWriteLargeContent() throws Exception {
    Path file = dir.resolve("big.bin");
    byte[] content = new byte[300_000];
    new java.util.Random(1).nextBytes(content);
    AtomicFiles.write(file, out -> {
      out.write(content, 0, 1000);
      out.write(content[1000]);
      out.write(content, 1001, content.length - 1001);
      out.close();
    });
    assertArrayEquals(content, Files.readAllBytes(file));
  }

  @Test
  void failureMidwayLeavesTheOldFileAndNoTemporaryFile() throws Exception {
    Path file = dir.resolve("model.safetensors");
    Safetensors.write(file, Map.of("w", Nd4j.rand(8, 8)));
    byte[] before = Files.readAllBytes(file);
    IOException io = new IOException("disk full (simulated)");
    IOException thrown = assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
      out.write(new byte[200_000]); // more than the stream buffer: part of it reached the temporary file
      throw io;
    }));
    assertSame(io, thrown);
    RuntimeException bug = new IllegalStateException("bug in the body");
    assertSame(bug, assertThrows(IllegalStateException.class, () -> AtomicFiles.write(file, out -> {
      out.write(new byte[100_000]);
      throw bug;
    })));
    assertArrayEquals(before, Files.readAllBytes(file), "old file byte-identical");
    assertEquals(List.of("model.safetensors"), listing(), "no temporary files");
  }

  @Test
  void failingSafetensorsWriteLeavesTheOldFile() throws Exception {
    Path file = dir.resolve("model.safetensors");
    Safetensors.write(file, Map.of("w", Nd4j.rand(4, 4)));
    byte[] before = Files.readAllBytes(file);
    Map<String, INDArray> tensors = new LinkedHashMap<>();
    tensors.put("a", Nd4j.rand(300, 300)); // written first: more than the stream buffer reaches the temporary file
    tensors.put("b", failingData(Nd4j.rand(3, 3)));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Safetensors.write(file, tensors));
    assertEquals("simulated failure reading tensor data", e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(file));
    assertEquals(List.of("model.safetensors"), listing());
  }

  /** A view of {@code real} whose data buffer cannot be read, to make a write fail after it has begun. */
  private static INDArray failingData(INDArray real) {
    return (INDArray) Proxy.newProxyInstance(INDArray.class.getClassLoader(), new Class<?>[] {INDArray.class},
        (proxy, method, args) -> {
          if (method.getName().equals("data")) {
            throw new IllegalStateException("simulated failure reading tensor data");
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Test
  void failureWithoutAnOldFileLeavesNothing() throws Exception {
    Path file = dir.resolve("new.txt");
    assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
      out.write(1);
      throw new IOException("boom");
    }));
    assertEquals(List.of(), listing());
  }

  @Test
  void createNewRefusesAnExistingFile() throws Exception {
    Path file = dir.resolve("run.json");
    AtomicFiles.writeString(file, "first", WriteMode.CREATE_NEW);
    FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
        () -> AtomicFiles.writeString(file, "second", WriteMode.CREATE_NEW));
    assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("WriteMode.REPLACE"), e.getMessage());
    assertEquals("first", Files.readString(file));
    assertEquals(List.of("run.json"), listing());
  }

  @Test
  void newFilesGetOrdinaryPermissions() throws Exception {
    Path plain = Files.createFile(dir.resolve("plain"));
    Path atomic = dir.resolve("atomic");
    AtomicFiles.writeString(atomic, "x");
    assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(plain)),
        PosixFilePermissions.toString(Files.getPosixFilePermissions(atomic)), "not the 0600 of a temp file");
  }
}
