package org.grpo4j.transformer;

import java.util.SplittableRandom;
import org.grpo4j.autograd.F;
import org.grpo4j.autograd.Tensor;
import org.grpo4j.autograd.ops.RopeTable;
import org.grpo4j.nn.ModuleDict;
import org.grpo4j.nn.ModuleList;
import org.grpo4j.nn.SeedStream;
import org.grpo4j.nn.layers.Embedding;
import org.grpo4j.nn.layers.RmsNorm;
import org.grpo4j.nn.memory.MemoryBudget;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A Llama-family decoder (Llama, Qwen2, Qwen3) after Hugging Face's modeling_llama: token embedding, pre-RMSNorm
 * blocks of grouped-query attention with rotary positions and a SwiGLU MLP, a final RMSNorm and a tied or untied
 * head. Parameter names are Hugging Face's ({@code model.layers.0.self_attn.q_proj.weight}, weights (out, in)).
 */
public final class Llama extends LanguageModel {
  private final LlamaConfig config;
  private final DataType dtype;
  private final SeedStream dropoutSeeds;
  private final Embedding embed;
  private final ModuleList<LlamaBlock> layers;
  private final RmsNorm norm;
  private final Projection lmHead;

  /** A float32 model initialized from {@code seed}. */
  public Llama(LlamaConfig config, long seed) {
    this(config, seed, DataType.FLOAT);
  }

  /** A model of the given floating dtype initialized from {@code seed} (N(0, 0.02) weights, unit norms). */
  public Llama(LlamaConfig config, long seed, DataType dtype) {
    new LlamaSize(config).requireFits(MemoryBudget.current(), 1, dtype, "a new model");
    this.config = config;
    this.dtype = dtype;
    SplittableRandom rng = new SplittableRandom(seed);
    this.dropoutSeeds = new SeedStream(rng.nextLong());
    RopeTable rope = new RopeTable(config.rope().inverseFrequencies(config.headDim()), 1.0);
    ModuleDict model = registerModule("model", new ModuleDict());
    this.embed = model.put("embed_tokens", Embedding.create(config.vocabSize(), config.hiddenSize(), 0.02, rng,
        dtype));
    this.layers = model.put("layers", new ModuleList<>());
    for (int i = 0; i < config.nLayer(); i++) {
      layers.add(new LlamaBlock(config, i, rope, rng, dtype));
    }
    this.norm = model.put("norm", new RmsNorm(config.hiddenSize(), config.rmsNormEps(), dtype));
    this.lmHead = config.tieWordEmbeddings() ? null
        : registerModule("lm_head", new Projection(config.hiddenSize(), config.vocabSize(), false, 0.02, rng, dtype));
  }

  @Override
  protected String contextField() {
    return "max_position_embeddings";
  }

  @Override
  protected Tensor run(int[] ids, int[] positions, int b, int t, KvCache cache) {
    Tensor x = embed.forward(ids, b, t); // (B, T, C)
    for (LlamaBlock block : layers) {
      x = block.forward(x, positions, cache);
    }
    return norm.forward(x);
  }

  @Override
  public Tensor head(Tensor hidden) {
    return lmHead != null ? lmHead.forward(hidden) : F.matmul(hidden, false, embed.weight().tensor(), true);
  }

  @Override
  public KvCache newCache(int batch, int capacity) {
    MemoryBudget.current().requireOffHeap(new LlamaSize(config).kvCacheBytes(batch, capacity, dtype),
        () -> "a KV cache for " + batch + " sequences of " + capacity + " tokens");
    return KvCache.allocate(config.nLayer(), config.nKvHead(), config.headDim(), batch, capacity, dtype);
  }

  @Override
  public int vocabSize() {
    return config.vocabSize();
  }

  @Override
  public int contextLength() {
    return config.maxPositions();
  }

  @Override
  public int hiddenSize() {
    return config.hiddenSize();
  }

  @Override
  public DataType dtype() {
    return dtype;
  }

  @Override
  public SeedStream dropoutSeeds() {
    return dropoutSeeds;
  }

  @Override
  public Llama newLike(long seed) {
    return new Llama(config, seed, dtype);
  }

  @Override
  public String configJson() {
    return config.toJson();
  }

  @Override
  public void requireFits(MemoryBudget budget, int copies, DataType dtype, String purpose) {
    new LlamaSize(config).requireFits(budget, copies, dtype, purpose);
  }

  /** The model's shape. */
  public LlamaConfig config() {
    return config;
  }
}
