package org.grpo4j.nn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.SplittableRandom;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Tensor;
import org.grpo4j.nn.Module;
import org.grpo4j.nn.io.IoErrors;
import org.grpo4j.nn.layers.Linear;
import org.grpo4j.nn.optim.AdamW;
import org.grpo4j.nn.optim.AdamWConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class CheckpointTest {
  @TempDir
  Path tmp;

  /** Two linear layers "a" (in, hidden) and "b" (hidden, 2). */
  static final class Net extends Module {
    final Linear a;
    final Linear b;

    Net(int in, int hidden, long seed) {
      SplittableRandom r = new SplittableRandom(seed);
      a = registerModule("a", Linear.create(in, hidden, true, 0.5, r, DataType.FLOAT));
      b = registerModule("b", Linear.create(hidden, 2, true, 0.5, r, DataType.FLOAT));
    }

    void step(AdamW opt, INDArray x) {
      opt.zeroGrad();
      Tensor y = b.forward(a.forward(Tensor.of(x)).tanh());
      y.mul(y).mean().backward();
      opt.step();
    }
  }

  static Map<String, INDArray> copy(Module m) {
    Map<String, INDArray> out = new java.util.LinkedHashMap<>();
    m.stateDict().forEach((k, v) -> out.put(k, v.dup()));
    return out;
  }

  @Test
  void resumingFromACheckpointEqualsNeverStoppingBitForBit() {
    INDArray x = Nd4j.rand(DataType.FLOAT, 8, 3);
    Net straight = new Net(3, 5, 1);
    AdamW so = AdamW.forModel(straight, AdamWConfig.of(0.05), 0.1);
    for (int i = 0; i < 6; i++) {
      straight.step(so, x);
    }
    Net first = new Net(3, 5, 1);
    AdamW fo = AdamW.forModel(first, AdamWConfig.of(0.05), 0.1);
    for (int i = 0; i < 3; i++) {
      first.step(fo, x);
    }
    Checkpoint.save(tmp, first, fo, "{\"kind\": \"net\"}\n", Map.of("data.position", "3"));
    Net resumed = new Net(3, 5, 99);
    AdamW ro = AdamW.forModel(resumed, AdamWConfig.of(0.05), 0.1);
    Map<String, String> training = Checkpoint.load(tmp, resumed, ro);
    assertEquals(Map.of("data.position", "3"), training);
    assertEquals(3, ro.steps());
    assertEquals("{\"kind\": \"net\"}\n", Checkpoint.readConfig(tmp));
    for (int i = 0; i < 3; i++) {
      resumed.step(ro, x);
    }
    straight.stateDict().forEach((k, v) -> assertArrayEquals(Nd.toFloats(v), Nd.toFloats(resumed.stateDict().get(k)),
        k)); // bit for bit: float[] equality compares the bits
  }

  @Test
  void misShapedAndMissingTensorsAreAllNamedAndNothingChanges() throws IOException {
    Checkpoint.save(tmp, new Net(3, 4, 1), null, "{}", Map.of());
    Net other = new Net(3, 5, 2);
    Map<String, INDArray> before = copy(other);
    CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.loadModel(tmp, other));
    assertTrue(e.getMessage().contains("model.safetensors: tensor 'a.weight' has shape (3, 4), expected (3, 5)"),
        e.getMessage());
    assertTrue(e.getMessage().contains("'b.weight' has shape (4, 2), expected (5, 2)"), e.getMessage());
    assertEquals(3, e.problems().size(), e.getMessage());
    before.forEach((k, v) -> assertArrayEquals(Nd.toFloats(v), Nd.toFloats(other.stateDict().get(k)), k));
    var noOpt = assertThrows(CheckpointException.class,
        () -> Checkpoint.load(tmp, other, AdamW.forModel(other, AdamWConfig.of(1e-3), 0)));
    assertTrue(noOpt.getMessage().endsWith("no optimizer.safetensors"), noOpt.getMessage());
    var empty = assertThrows(CheckpointException.class, () -> Checkpoint.loadModel(tmp.resolve("nowhere"), other));
    assertTrue(empty.getMessage().contains("no model.safetensors"), empty.getMessage());
  }

  @Test
  void aMissingTensorIsNamed() throws IOException {
    Module onlyA = new Module() {
      {
        registerModule("a", Linear.create(3, 5, true, 0.5, new SplittableRandom(1), DataType.FLOAT));
      }
    };
    Checkpoint.save(tmp, onlyA, null, "{}", Map.of());
    var e = assertThrows(CheckpointException.class, () -> Checkpoint.loadModel(tmp, new Net(3, 5, 1)));
    assertTrue(e.getMessage().contains("missing tensor 'b.weight' (expected shape (5, 2) FLOAT)"), e.getMessage());
  }

  @Test
  void anIoErrorWithoutAReasonIsSpelledOut() {
    assertEquals("ck/model.safetensors: permission denied",
        IoErrors.reason(new AccessDeniedException("ck/model.safetensors")));
    assertEquals("ck/model.safetensors: no such file or directory",
        IoErrors.reason(new NoSuchFileException("ck/model.safetensors")));
    assertEquals("ck: Is a directory", IoErrors.reason(new FileSystemException("ck", null, "Is a directory")));
  }

  /** Needs a user that file permissions apply to: skipped when running as root, which reads any file. */
  @Test
  void anUnreadableModelFileSaysPermissionDenied() throws IOException {
    Checkpoint.save(tmp, new Net(3, 5, 1), null, "{}", Map.of());
    Path file = tmp.resolve(Checkpoint.MODEL);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
    try {
      assumeFalse(Files.isReadable(file), "file permissions do not apply to this user (root)");
      var e = assertThrows(CheckpointException.class, () -> Checkpoint.readFile(tmp, Checkpoint.MODEL));
      assertTrue(e.getMessage().contains("model.safetensors: permission denied"), e.getMessage());
    } finally {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
  }

  @Test
  void aTruncatedFileIsRefusedAndNothingChanges() throws IOException {
    Checkpoint.save(tmp, new Net(3, 5, 1), null, "{}", Map.of());
    Path file = tmp.resolve(Checkpoint.MODEL);
    long size = Files.size(file);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(size - 10);
    }
    Net target = new Net(3, 5, 7);
    Map<String, INDArray> before = copy(target);
    var e = assertThrows(RuntimeException.class, () -> Checkpoint.loadModel(tmp, target));
    assertTrue(e.getMessage().contains(Checkpoint.MODEL), e.getMessage());
    before.forEach((k, v) -> assertArrayEquals(Nd.toFloats(v), Nd.toFloats(target.stateDict().get(k)), k));
  }

  @Test
  void savingLeavesNoTemporaryFilesAndReplacesAtomically() throws IOException {
    Checkpoint.save(tmp, new Net(3, 5, 1), null, "{}", Map.of());
    Checkpoint.save(tmp, new Net(3, 5, 2), null, "{\"v\": 2}", Map.of());
    try (var files = Files.list(tmp)) {
      assertEquals(java.util.List.of("config.json", "model.safetensors"),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
    Net back = new Net(3, 5, 9);
    Checkpoint.loadModel(tmp, back);
    assertArrayEquals(Nd.toFloats(new Net(3, 5, 2).stateDict().get("a.weight")),
        Nd.toFloats(back.stateDict().get("a.weight")));
  }
}
