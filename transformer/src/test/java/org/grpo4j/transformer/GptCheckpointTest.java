package org.grpo4j.transformer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.grpo4j.autograd.Nd;
import org.grpo4j.nn.checkpoint.CheckpointException;
import org.grpo4j.nn.io.Safetensors;
import org.grpo4j.nn.optim.AdamW;
import org.grpo4j.nn.optim.AdamWConfig;
import org.grpo4j.nn.optim.LrSchedule;
import org.grpo4j.transformer.sft.SftListener;
import org.grpo4j.transformer.sft.SftConfig;
import org.grpo4j.transformer.sft.SftExample;
import org.grpo4j.transformer.sft.SftTrainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Training checkpoints resume bit for bit; bad checkpoints are refused with the bad value named. */
class GptCheckpointTest {
  static final GptConfig CONFIG = new GptConfig(2, 2, 16, 20, 24, 1e-5, 0.1); // dropout on: its stream is saved

  @TempDir
  Path tmp;

  static List<SftExample> data() {
    SplittableRandom r = new SplittableRandom(4);
    List<SftExample> out = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      out.add(new SftExample(r.ints(1 + r.nextInt(5), 0, 20).toArray(), r.ints(1 + r.nextInt(6), 0, 20).toArray()));
    }
    return out;
  }

  static SftTrainer trainer(Gpt model, AdamW opt) {
    return new SftTrainer(model, opt, new SftConfig(10, 3, new LrSchedule.WarmupCosine(3e-3, 4, 20, 3e-4), 0.1,
        1.0, 11));
  }

  @Test
  void tenStepsFromACheckpointEqualTenUninterruptedStepsExactly() {
    Gpt straight = new Gpt(CONFIG, 5);
    AdamW so = AdamW.forModel(straight, AdamWConfig.of(3e-3), 0.1);
    trainer(straight, so).train(data(), SftListener.NONE);
    trainer(straight, so).train(data(), SftListener.NONE);

    Gpt first = new Gpt(CONFIG, 5);
    AdamW fo = AdamW.forModel(first, AdamWConfig.of(3e-3), 0.1);
    trainer(first, fo).train(data(), SftListener.NONE);
    GptCheckpoint.save(tmp, first, fo);

    Gpt resumed = GptCheckpoint.load(tmp);
    AdamW ro = AdamW.forModel(resumed, AdamWConfig.of(3e-3), 0.1);
    GptCheckpoint.loadTraining(tmp, resumed, ro);
    assertEquals(10, ro.steps());
    trainer(resumed, ro).train(data(), SftListener.NONE);

    assertEquals(20, ro.steps());
    straight.stateDict().forEach((k, v) -> assertArrayEquals(Nd.toFloats(v), Nd.toFloats(resumed.stateDict().get(k)),
        k + " after resuming"));
    so.state().tensors().forEach((k, v) -> assertArrayEquals(Nd.toFloats(v), Nd.toFloats(ro.state().tensors().get(k)),
        k + " after resuming"));
  }

  @Test
  void aMisShapedOrMissingTensorIsNamed() throws IOException {
    GptCheckpoint.save(tmp, new Gpt(CONFIG, 1), null);
    Map<String, INDArray> tensors = new LinkedHashMap<>(Safetensors.read(tmp.resolve("model.safetensors")).tensors());
    tensors.put("transformer.h.1.mlp.c_fc.weight", tensors.get("transformer.h.1.mlp.c_fc.weight").transpose().dup());
    tensors.remove("transformer.ln_f.bias");
    Safetensors.write(tmp.resolve("model.safetensors"), tensors);
    var e = assertThrows(CheckpointException.class, () -> GptCheckpoint.load(tmp));
    assertTrue(e.getMessage().contains("tensor 'transformer.h.1.mlp.c_fc.weight' has shape (64, 16), expected (16, 64)"),
        e.getMessage());
    assertTrue(e.getMessage().contains("missing tensor 'transformer.ln_f.bias'"), e.getMessage());
  }

  @Test
  void aBadConfigAndATruncatedFileAreRefused() throws IOException {
    GptCheckpoint.save(tmp, new Gpt(CONFIG, 1), null);
    String json = Files.readString(tmp.resolve("config.json"));
    Files.writeString(tmp.resolve("config.json"), json.replace("\"n_embd\" : 16", "\"n_embd\" : 15"));
    var cfg = assertThrows(CheckpointException.class, () -> GptCheckpoint.load(tmp));
    assertTrue(cfg.getMessage().contains("n_embd 15 is not divisible by n_head 2"), cfg.getMessage());
    Files.writeString(tmp.resolve("config.json"), json);
    byte[] bytes = Files.readAllBytes(tmp.resolve("model.safetensors"));
    Files.write(tmp.resolve("model.safetensors"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
    var cut = assertThrows(CheckpointException.class, () -> GptCheckpoint.load(tmp));
    assertTrue(cut.getMessage().contains("model.safetensors"), cut.getMessage());
  }

  @Test
  void huggingFaceNamesWithoutPrefixAndTiedHeadLoad() throws IOException {
    Gpt original = new Gpt(CONFIG, 3);
    GptCheckpoint.save(tmp, original, null);
    Map<String, INDArray> hf = new LinkedHashMap<>();
    original.stateDict().forEach((k, v) -> hf.put(k.substring("transformer.".length()), v));
    hf.put("lm_head.weight", original.stateDict().get("transformer.wte.weight"));
    hf.put("h.0.attn.bias", org.nd4j.linalg.factory.Nd4j.ones(1, 1, 24, 24));
    Safetensors.write(tmp.resolve("model.safetensors"), hf);
    Gpt loaded = GptCheckpoint.load(tmp);
    original.stateDict().forEach((k, v) -> assertArrayEquals(Nd.toFloats(v), Nd.toFloats(loaded.stateDict().get(k)), k));
  }
}
