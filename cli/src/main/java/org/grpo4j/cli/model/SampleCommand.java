package org.grpo4j.cli.model;

import org.grpo4j.rl.model.TokenizerFiles;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.grpo4j.rl.chat.ChatPromptFormat;
import org.grpo4j.rl.chat.ChatTemplateFiles;
import org.grpo4j.tokenizer.InvalidUtf8Policy;
import org.grpo4j.tokenizer.SpecialTokenPolicy;
import org.grpo4j.tokenizer.Tokenizer;
import org.grpo4j.transformer.LanguageModel;
import org.grpo4j.cli.check.Bounds;
import org.grpo4j.cli.check.GivenOptions;
import org.grpo4j.nn.memory.MemoryBudget;
import org.grpo4j.transformer.sample.CacheMode;
import org.grpo4j.transformer.sample.Completion;
import org.grpo4j.transformer.sample.Decoding;
import org.grpo4j.transformer.sample.RolloutEngine;
import org.grpo4j.transformer.sample.SamplingConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code grpo4j sample}: continues a prompt with a checkpoint's model, printing text or token ids. */
@Command(name = "sample", mixinStandardHelpOptions = true,
    description = "Generate continuations of a prompt (text needs a tokenizer beside the checkpoint; --prompt-ids"
        + " works with any checkpoint). Prints one completion per line; the stop reason goes to standard error.")
public final class SampleCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--checkpoint", required = true, paramLabel = "DIR",
      description = "checkpoint directory (config.json + model.safetensors; grpo4j or Hugging Face GPT-2)")
  Path checkpoint;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Prompt prompt;

  /** Exactly one of the prompt forms. */
  static final class Prompt {
    @Option(names = "--prompt", paramLabel = "TEXT",
        description = "prompt text (encoded with the checkpoint's tokenizer)")
    String text;

    @Option(names = "--chat", paramLabel = "TEXT",
        description = "a user message, formatted with the checkpoint's chat template (tokenizer_config.json or"
            + " chat_template.jinja) with the assistant's turn opened; special tokens in the result are encoded as such")
    String chat;

    @Option(names = "--prompt-ids", paramLabel = "IDS",
        description = "prompt token ids, space-separated: \"3 14 15\"")
    String ids;
  }

  @Option(names = "--system-prompt", paramLabel = "TEXT",
      description = "with --chat: a system message before the user's (as grpo4j train --system-prompt)")
  String systemPrompt;

  @Option(names = "--max-new-tokens", paramLabel = "N",
      description = "tokens to generate at most (default ${DEFAULT-VALUE})")
  int maxNewTokens = 64;

  @Option(names = "--temperature", paramLabel = "T", description = "softmax temperature (default ${DEFAULT-VALUE})")
  double temperature = 1.0;

  @Option(names = "--top-k", paramLabel = "K",
      description = "keep the K most likely tokens; 0 = off (default ${DEFAULT-VALUE})")
  int topK = 0;

  @Option(names = "--top-p", paramLabel = "P",
      description = "nucleus sampling mass; 1 = off (default ${DEFAULT-VALUE})")
  double topP = 1.0;

  @Option(names = "--greedy", description = "always take the most likely token (not with --temperature, --top-k, "
      + "--top-p, --seed)")
  boolean greedy;

  @Option(names = "--seed", description = "seed of the random draws (default ${DEFAULT-VALUE}; not with --greedy)")
  long seed = 0;

  @Option(names = "--num-samples", paramLabel = "N", description = "completions to draw (default ${DEFAULT-VALUE})")
  int numSamples = 1;

  @Option(names = "--rollout-slots", paramLabel = "N", description = "KV-cache slots: completions generated at once, "
      + "a finished one's slot taking the next (fewer: less memory; default: every sample at once)")
  Integer rolloutSlots;

  @Option(names = "--stop-ids", paramLabel = "IDS", description = "token ids that end a completion, space-separated")
  String stopIds;

  @Option(names = "--print-ids", description = "print generated token ids (space-separated) instead of text")
  boolean printIds;

  @Option(names = "--no-kv-cache", description = "recompute the whole sequence at every step (slow; for checks)")
  boolean noKvCache;

  @Mixin ModelLoading loading;

  /** Most completions one call draws. */
  static final int MAX_SAMPLES = 100_000;

  @Override
  public Integer call() {
    if (greedy) {
      GivenOptions.refuse(spec, "--greedy", "greedy decoding takes the most likely token and draws nothing",
          "--temperature", "--top-k", "--top-p", "--seed");
    }
    Bounds.require("--num-samples", numSamples, 1, MAX_SAMPLES);
    Bounds.require("--max-new-tokens", maxNewTokens, 1, 1 << 20);
    if (rolloutSlots != null) {
      Bounds.require("--rollout-slots", rolloutSlots, 1, Integer.MAX_VALUE);
    }
    LanguageModel model = loading.load(checkpoint);
    int vocab = model.vocabSize();
    Bounds.require("--top-k", topK, 0, vocab);
    boolean text = prompt.text != null || prompt.chat != null;
    if (systemPrompt != null && prompt.chat == null) {
      throw new IllegalArgumentException("--system-prompt '" + systemPrompt + "' needs --chat (a plain --prompt has no "
          + "system message)");
    }
    if (systemPrompt != null && systemPrompt.isBlank()) {
      throw new IllegalArgumentException("--system-prompt '" + systemPrompt + "' is blank; give text or leave it out");
    }
    ChatPromptFormat chat = prompt.chat == null ? null
        : new ChatPromptFormat(ChatTemplateFiles.load(checkpoint), systemPrompt, java.util.Map.of());
    Tokenizer tokenizer = text || !printIds ? TokenizerFiles.find(checkpoint).orElse(null) : null;
    int[] ids;
    if (text) {
      if (tokenizer == null) {
        throw new IllegalArgumentException("checkpoint " + checkpoint + " " + TokenizerFiles.NONE_FOUND
            + ": pass the prompt as token ids with --prompt-ids \"3 14 15\" (and --print-ids)");
      }
      ids = chat == null ? tokenizer.encode(prompt.text)
          : tokenizer.encode(chat.format(prompt.chat), SpecialTokenPolicy.ALLOW);
    } else {
      ids = TokenIds.parse(prompt.ids, "--prompt-ids");
    }
    TokenIds.checkVocab(ids, vocab, prompt.text != null ? "--prompt" : prompt.chat != null ? "--chat" : "--prompt-ids");
    int atOnce = rolloutSlots == null ? numSamples : Math.min(numSamples, rolloutSlots); // sequences per pass
    String rows = atOnce == numSamples ? "--num-samples " + numSamples : "--rollout-slots " + atOnce;
    long rowBytes = MemoryBudget.times(MemoryBudget.times(atOnce, vocab), 8);
    MemoryBudget budget = MemoryBudget.current();
    budget.requireHeap(MemoryBudget.times(rowBytes, 2), () -> rows + " x vocab_size " + vocab + " logits");
    budget.requireOffHeap(MemoryBudget.times(rowBytes, Math.max(1, ids.length)), () -> rows + " x " + ids.length
        + " prompt tokens x vocab_size " + vocab + " logits");
    Set<Integer> stops = new HashSet<>();
    if (chat != null) { // the assistant's turn ends at the template's end-of-turn token
      for (String end : chat.endOfTurnTokens(tokenizer)) {
        stops.add(tokenizer.specialTokenId(end).getAsInt());
      }
    }
    if (stopIds != null) {
      int[] parsed = TokenIds.parse(stopIds, "--stop-ids");
      TokenIds.checkVocab(parsed, vocab, "--stop-ids");
      for (int s : parsed) {
        stops.add(s);
      }
    }
    SamplingConfig config = new SamplingConfig(greedy ? Decoding.GREEDY : Decoding.SAMPLE, temperature, topK, topP,
        maxNewTokens, stops, seed, noKvCache ? CacheMode.RECOMPUTE : CacheMode.KV_CACHE);
    List<Completion> out = RolloutEngine.generate(model, Collections.nCopies(numSamples, ids), config, rolloutSlots);
    for (Completion c : out) {
      if (printIds || tokenizer == null) {
        spec.commandLine().getOut().println(TokenIds.format(c.tokens()));
      } else {
        spec.commandLine().getOut().println(tokenizer.decode(c.tokens(), InvalidUtf8Policy.REPLACE));
      }
      spec.commandLine().getErr().println("stop: " + c.stopReason() + ", " + c.length() + " tokens");
    }
    return 0;
  }
}
