package org.grpo4j.cli.model;

import org.grpo4j.rl.model.ModelDirectory;
import org.grpo4j.rl.model.TokenizerFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.grpo4j.nn.optim.AdamW;
import org.grpo4j.nn.optim.AdamWConfig;
import org.grpo4j.nn.optim.LrSchedule;
import org.grpo4j.tokenizer.CharTokenizer;
import org.grpo4j.tokenizer.Tokenizer;
import org.grpo4j.transformer.Gpt;
import org.grpo4j.transformer.LanguageModel;
import org.grpo4j.transformer.ModelCheckpoint;
import org.grpo4j.transformer.GptSize;
import org.grpo4j.cli.check.Bounds;
import org.grpo4j.cli.check.ExistingOutput;
import org.grpo4j.cli.check.GivenOptions;
import org.grpo4j.cli.check.Outputs;
import org.grpo4j.nn.checkpoint.Checkpoint;
import org.grpo4j.nn.memory.MemoryBudget;
import org.nd4j.linalg.api.buffer.DataType;
import org.grpo4j.transformer.GptConfig;
import org.grpo4j.transformer.Llama;
import org.grpo4j.transformer.LlamaConfig;
import org.grpo4j.transformer.LlamaSize;
import org.grpo4j.transformer.ModelFamily;
import org.grpo4j.cli.progress.ConsoleProgress;
import org.grpo4j.transformer.sft.SftConfig;
import org.grpo4j.transformer.sft.SftExample;
import org.grpo4j.transformer.sft.SftResult;
import org.grpo4j.transformer.sft.SftTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code grpo4j sft}: supervised fine-tuning on prompt/completion JSONL, loss on completion tokens only. */
@Command(name = "sft", mixinStandardHelpOptions = true,
    description = {"Supervised fine-tuning on JSONL records {\"prompt\", \"completion\"} (text) or {\"prompt_ids\","
        + " \"completion_ids\"} (token ids); the loss counts completion tokens only. Starts from --init DIR or a new"
        + " model (--n-layer ...), and writes a checkpoint (model, optimizer, tokenizer) to --out.",
        "Text needs a tokenizer: the one beside --init, or --char-vocab (a character vocabulary built from the data)."})
public final class SftCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--data", required = true, paramLabel = "FILE", description = "training records, JSONL")
  Path data;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "where to write the checkpoint")
  Path out;

  @Option(names = "--init", paramLabel = "DIR", description = "start from this checkpoint instead of a new model "
      + "(its shape kept: the new-model options are refused with it)")
  Path init;

  @Option(names = "--resume", description = "continue the training saved in --out (model, optimizer, data order; not "
      + "with --overwrite or new-model options)")
  boolean resume;

  @Option(names = "--overwrite", description = "replace a checkpoint already in --out (else an error)")
  boolean overwrite;

  @Mixin ModelLoading loading;

  @Option(names = "--char-vocab", description = "tokenize text by characters (vocabulary from the data)")
  boolean charVocab;

  @Option(names = "--n-layer", description = "new model: layers (default ${DEFAULT-VALUE})")
  int nLayer = 2;

  @Option(names = "--n-head", description = "new model: heads (default ${DEFAULT-VALUE})")
  int nHead = 2;

  @Option(names = "--n-embd", description = "new model: width (default ${DEFAULT-VALUE})")
  int nEmbd = 64;

  @Option(names = "--n-positions", description = "new model: context length (default ${DEFAULT-VALUE})")
  int nPositions = 128;

  @Option(names = "--vocab-size", description = "new model with token-id data: vocabulary size (default: max id + 1)")
  Integer vocabSize;

  @Option(names = "--dropout", description = "new model: dropout, GPT-2 only (default ${DEFAULT-VALUE})")
  double dropout = 0.0;

  /** The architecture of a new model. */
  enum ModelType { GPT2, LLAMA, QWEN2, QWEN3 }

  @Option(names = "--model-type", description = "new model: one of ${COMPLETION-CANDIDATES} (default"
      + " ${DEFAULT-VALUE})")
  ModelType modelType = ModelType.GPT2;

  @Option(names = "--n-kv-head", description = "new Llama/Qwen model: key/value heads, dividing --n-head (default:"
      + " --n-head)")
  Integer nKvHead;

  @Option(names = "--intermediate-size", description = "new Llama/Qwen model: SwiGLU width (default: 4 x --n-embd)")
  Integer intermediateSize;

  @Option(names = "--steps", description = "optimizer steps (default ${DEFAULT-VALUE})")
  int steps = 200;

  @Option(names = "--batch-size", description = "examples per step (default ${DEFAULT-VALUE})")
  int batchSize = 8;

  @Option(names = "--lr", description = "peak learning rate (default ${DEFAULT-VALUE})")
  double lr = 1e-3;

  @Option(names = "--warmup",
      description = "linear warmup steps before cosine decay to lr/10 (default ${DEFAULT-VALUE})")
  int warmup = 10;

  @Option(names = "--weight-decay", description = "AdamW decay on matrices (default ${DEFAULT-VALUE})")
  double weightDecay = 0.1;

  @Option(names = "--grad-clip", description = "global gradient-norm clip, 0 = off (default ${DEFAULT-VALUE})")
  double gradClip = 1.0;

  @Option(names = "--seed", description = "seed of the weights and the data order (default ${DEFAULT-VALUE})")
  long seed = 0;

  /** Largest vocabulary of a new model. */
  static final int MAX_VOCAB = 1 << 24;

  @Override
  public Integer call() throws IOException {
    refuseMootOptions();
    if (resume && init != null) {
      throw new IllegalArgumentException("--resume continues --out; it cannot be combined with --init " + init);
    }
    List<String> found = Outputs.directory(out, "--out", ExistingOutput.of(overwrite, resume), Checkpoint.MODEL,
        Checkpoint.CONFIG);
    if (resume && !found.contains(Checkpoint.MODEL)) {
      throw new IllegalArgumentException("--resume: --out " + out + " holds no checkpoint (" + Checkpoint.MODEL
          + ") to continue");
    }
    Bounds.require("--steps", steps, 1, 1_000_000_000);
    Bounds.require("--batch-size", batchSize, 1, 1 << 16);
    Bounds.require("--warmup", warmup, 0, 1_000_000_000);
    Bounds.require("--lr", lr, Double.MIN_VALUE, 10);
    if (vocabSize != null) {
      Bounds.require("--vocab-size", vocabSize, 1, MAX_VOCAB);
    }
    SftData records = SftData.read(data);
    Path tokenizerDir = resume ? out : init;
    Tokenizer tokenizer = tokenizerDir == null ? null : TokenizerFiles.find(tokenizerDir).orElse(null);
    if (tokenizer != null) {
      GivenOptions.refuse(spec, (resume ? "--resume" : "--init " + init), "the tokenizer beside the checkpoint in "
          + tokenizerDir + " is used", "--char-vocab");
    }
    if (tokenizer == null && charVocab) {
      tokenizer = CharTokenizer.fromCorpus(records.allText(), List.of());
    }
    if (tokenizer == null && records.hasText()) {
      throw new IllegalArgumentException(data + " has text records but no tokenizer is available: use --char-vocab, "
          + "--init a checkpoint whose directory " + TokenizerFiles.NONE_FOUND.replace("has no", "has a")
          + ", or give prompt_ids and completion_ids");
    }
    List<SftExample> examples = records.examples(tokenizer);
    LanguageModel model;
    if (resume || init != null) {
      model = loading.load(resume ? out : init);
      model.requireFits(MemoryBudget.current(), 4, DataType.FLOAT, "training (weights,"
          + " gradients and two AdamW moments)");
    } else {
      model = newModel(tokenizer, examples);
    }
    for (SftExample e : examples) {
      TokenIds.checkVocab(e.prompt(), model.vocabSize(), data + " prompt");
      TokenIds.checkVocab(e.completion(), model.vocabSize(), data + " completion");
    }
    AdamW opt = AdamW.forModel(model, AdamWConfig.of(lr), weightDecay);
    if (resume) {
      ModelCheckpoint.loadTraining(out, model, opt);
    }
    long total = opt.steps() + steps;
    SftConfig config = new SftConfig(steps, batchSize, new LrSchedule.WarmupCosine(lr, Math.min(warmup, total), total,
        lr / 10), weightDecay, gradClip, seed);
    SftResult r = new SftTrainer(model, opt, config).train(examples, ConsoleProgress.sft(System.err));
    if (tokenizer == null) {
      ModelCheckpoint.save(out, model, opt); // token-id data: no tokenizer to keep (a tokenizer already in out stays)
    } else {
      ModelDirectory.save(out, model, opt, tokenizer, tokenizerDir, stage -> { });
    }
    spec.commandLine().getOut().printf("sft: %d steps (%d in all), loss %.4f -> %.4f, checkpoint written to %s%n",
        steps, opt.steps(), r.losses()[0], r.finalLoss(), out);
    return 0;
  }

  /** Options of a new model with --init or --resume, and --overwrite with --resume: refused, naming them. */
  private void refuseMootOptions() {
    String[] newModel = {"--n-layer", "--n-head", "--n-embd", "--n-positions", "--vocab-size", "--dropout",
        "--model-type", "--n-kv-head", "--intermediate-size"};
    if (resume) {
      GivenOptions.refuse(spec, "--resume", "--resume continues the checkpoint in --out, --overwrite would replace it",
          "--overwrite");
      GivenOptions.refuse(spec, "--resume", "options of a new model; the checkpoint keeps its shape", newModel);
    } else if (init != null) {
      GivenOptions.refuse(spec, "--init " + init, "options of a new model; the checkpoint keeps its shape", newModel);
    }
  }

  private LanguageModel newModel(Tokenizer tokenizer, List<SftExample> examples) {
    String purpose = "training a new model (weights, gradients and two AdamW moments; --n-layer, --n-embd,"
        + " --vocab-size)";
    GptConfig gpt = newConfig(tokenizer, examples);
    if (modelType == ModelType.GPT2) {
      new GptSize(gpt).requireFits(MemoryBudget.current(), 4, DataType.FLOAT, purpose);
      return new Gpt(gpt, seed);
    }
    if (dropout != 0) {
      throw new IllegalArgumentException("--dropout " + dropout + " is for GPT-2 models only; --model-type "
          + modelType.name().toLowerCase(java.util.Locale.ROOT) + " trains without dropout (expected 0)");
    }
    int kv = nKvHead == null ? nHead : Bounds.require("--n-kv-head", nKvHead, 1, nHead);
    int ffn = intermediateSize == null ? 4 * nEmbd : Bounds.require("--intermediate-size", intermediateSize, 1,
        1 << 20);
    if (nEmbd % nHead != 0) {
      throw new IllegalArgumentException("--n-embd " + nEmbd + " is not divisible by --n-head " + nHead);
    }
    LlamaConfig config = LlamaConfig.of(ModelFamily.valueOf(modelType.name()), nLayer, nEmbd, nHead, kv, ffn,
        gpt.vocabSize(), nPositions);
    new LlamaSize(config).requireFits(MemoryBudget.current(), 4, DataType.FLOAT, purpose);
    return new Llama(config, seed);
  }

  private GptConfig newConfig(Tokenizer tokenizer, List<SftExample> examples) {
    long vocab;
    if (vocabSize != null) {
      vocab = vocabSize;
    } else if (tokenizer != null) {
      vocab = tokenizer.vocabSize();
    } else {
      vocab = 1L + examples.stream().flatMapToInt(e -> java.util.stream.IntStream.concat(
          java.util.Arrays.stream(e.prompt()), java.util.Arrays.stream(e.completion()))).max().orElse(0);
    }
    int v = Bounds.require("the vocabulary size (largest token id in --data + 1)", vocab, 1, MAX_VOCAB);
    return new GptConfig(nLayer, nHead, nEmbd, v, nPositions, 1e-5, dropout);
  }
}
