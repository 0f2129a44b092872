package org.grpo4j.cli.model;

import java.nio.file.Path;
import org.grpo4j.transformer.LanguageModel;
import org.grpo4j.transformer.ModelCheckpoint;
import org.grpo4j.transformer.WeightScan;
import org.nd4j.linalg.api.buffer.DataType;
import picocli.CommandLine.Option;

/**
 * A picocli mixin for commands that load a checkpoint ({@code @Mixin ModelLoading loading;} then
 * {@code loading.load(dir)}): the config is typed, the header and the memory are checked before allocating, and the
 * weights are scanned for NaN and infinity unless {@code --no-weight-scan} is given.
 */
public final class ModelLoading {
  @Option(names = "--no-weight-scan",
      description = "do not check the weights for NaN and infinity when loading (saves time on very large models)")
  boolean noWeightScan;

  /** The float32 model of {@code dir}. */
  public LanguageModel load(Path dir) {
    return ModelCheckpoint.load(dir, DataType.FLOAT, noWeightScan ? WeightScan.SKIP : WeightScan.SCAN);
  }
}
