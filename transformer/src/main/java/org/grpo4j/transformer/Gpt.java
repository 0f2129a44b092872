package org.grpo4j.transformer;

import java.util.SplittableRandom;
import org.grpo4j.autograd.F;
import org.grpo4j.autograd.Tensor;
import org.grpo4j.nn.ModuleDict;
import org.grpo4j.nn.ModuleList;
import org.grpo4j.nn.SeedStream;
import org.grpo4j.nn.memory.MemoryBudget;
import org.grpo4j.nn.layers.Dropout;
import org.grpo4j.nn.layers.Embedding;
import org.grpo4j.nn.layers.LayerNorm;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A GPT-2 decoder (after nanoGPT's model.py): token + learned position embeddings, pre-LN blocks, a final
 * LayerNorm and an output head tied to the token embedding. Parameter names are GPT-2's
 * ({@code transformer.h.0.attn.c_attn.weight}), so Hugging Face checkpoints load by name.
 */
public final class Gpt extends LanguageModel {
  private final GptConfig config;
  private final DataType dtype;
  private final SeedStream dropoutSeeds;
  private final Embedding wte;
  private final Embedding wpe;
  private final Dropout drop;
  private final ModuleList<Block> h;
  private final LayerNorm lnF;

  /** A float32 model initialized from {@code seed} (N(0, 0.02) weights, scaled residual projections). */
  public Gpt(GptConfig config, long seed) {
    this(config, seed, DataType.FLOAT);
  }

  /** A model of the given floating dtype initialized from {@code seed}. */
  public Gpt(GptConfig config, long seed, DataType dtype) {
    new GptSize(config).requireFits(MemoryBudget.current(), 1, dtype, "a new model");
    this.config = config;
    this.dtype = dtype;
    SplittableRandom rng = new SplittableRandom(seed);
    this.dropoutSeeds = new SeedStream(rng.nextLong());
    ModuleDict transformer = registerModule("transformer", new ModuleDict());
    this.wte = transformer.put("wte", Embedding.create(config.vocabSize(), config.nEmbd(), 0.02, rng, dtype));
    this.wpe = transformer.put("wpe", Embedding.create(config.nPositions(), config.nEmbd(), 0.02, rng, dtype));
    this.drop = transformer.put("drop", new Dropout(config.dropout(), dropoutSeeds));
    this.h = transformer.put("h", new ModuleList<>());
    for (int i = 0; i < config.nLayer(); i++) {
      h.add(new Block(config, i, rng, dropoutSeeds, dtype));
    }
    this.lnF = transformer.put("ln_f", new LayerNorm(config.nEmbd(), config.layerNormEpsilon(), dtype));
  }

  @Override
  protected String contextField() {
    return "n_positions";
  }

  @Override
  protected Tensor run(int[] ids, int[] positions, int b, int t, KvCache cache) {
    Tensor x = wte.forward(ids, b, t).add(wpe.forward(positions, b, t)); // (B, T, C)
    x = drop.forward(x);
    for (Block block : h) {
      x = block.forward(x, cache);
    }
    return lnF.forward(x);
  }

  /** Tied output head: hidden (..., C) -> logits (..., V) = hidden wte^T. */
  @Override
  public Tensor head(Tensor hidden) {
    return F.matmul(hidden, false, wte.weight().tensor(), true);
  }

  /** An empty KV cache for {@code batch} sequences of up to {@code capacity} slots. */
  @Override
  public KvCache newCache(int batch, int capacity) {
    MemoryBudget.current().requireOffHeap(new GptSize(config).kvCacheBytes(batch, capacity, dtype),
        () -> "a KV cache for " + batch + " sequences of " + capacity + " tokens");
    return KvCache.allocate(config, batch, capacity, dtype);
  }

  /** The model's shape. */
  public GptConfig config() {
    return config;
  }

  /** The element type of the parameters. */
  @Override
  public DataType dtype() {
    return dtype;
  }

  /** The seed stream of the dropout masks (its position is saved with training checkpoints). */
  @Override
  public SeedStream dropoutSeeds() {
    return dropoutSeeds;
  }

  @Override
  public int vocabSize() {
    return config.vocabSize();
  }

  @Override
  public int contextLength() {
    return config.nPositions();
  }

  @Override
  public int hiddenSize() {
    return config.nEmbd();
  }

  @Override
  public Gpt newLike(long seed) {
    return new Gpt(config, seed, dtype);
  }

  @Override
  public String configJson() {
    return config.toJson();
  }

  @Override
  public void requireFits(MemoryBudget budget, int copies, DataType dtype, String purpose) {
    new GptSize(config).requireFits(budget, copies, dtype, purpose);
  }
}
