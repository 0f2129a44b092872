package org.grpo4j.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A hand-written SentencePiece-style tokenizer.json in the shape of Llama 2's (Metaspace, byte fallback, decoder
 * Replace + ByteFallback + Fuse + Strip). Ids: 0-2 {@code <unk> <s> </s>}, 3-258 {@code <0x00>..<0xFF>},
 * 259 ▁, 260 h, 261 e, 262 l, 263 o, 264 w, 265 r, 266 d, 267 é, then merge results 268 lo, 269 he, 270 ll,
 * 271 ▁he, 272 ▁w, 273 or, 274 ▁wor, 275 ▁worl, 276 ▁world, 277 ▁▁.
 */
final class SentencePieceFixture {

  static final ObjectMapper JSON = new ObjectMapper();
  /** Merges in rank order (rank 0 first). */
  static final String[] MERGES = {"l o", "h e", "l l", "▁ ▁", "▁ he", "▁ w", "o r", "▁w or", "▁wor l", "▁worl d"};
  private static final String[] CHARS = {"▁", "h", "e", "l", "o", "w", "r", "d", "é"};
  private static final String[] RESULTS = {"lo", "he", "ll", "▁he", "▁w", "or", "▁wor", "▁worl", "▁world", "▁▁"};

  private SentencePieceFixture() {}

  /** The Llama 2 (transformers >= 4.36, legacy=false) form: Metaspace pre-tokenizer, no normalizer. */
  static ObjectNode metaspace(String prependScheme, boolean split) {
    ObjectNode root = base();
    root.putNull("normalizer");
    root.putObject("pre_tokenizer").put("type", "Metaspace").put("replacement", "▁")
        .put("prepend_scheme", prependScheme).put("split", split);
    return root;
  }

  /** The original Llama 2 form: normalizer Sequence[Prepend("▁"), Replace(" ", "▁")], no pre-tokenizer. */
  static ObjectNode legacy() {
    ObjectNode root = base();
    ArrayNode norms = root.putObject("normalizer").put("type", "Sequence").putArray("normalizers");
    norms.addObject().put("type", "Prepend").put("prepend", "▁");
    norms.addObject().put("type", "Replace").put("content", "▁").putObject("pattern").put("String", " ");
    root.putNull("pre_tokenizer");
    return root;
  }

  private static ObjectNode base() {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", "1.0");
    ArrayNode added = root.putArray("added_tokens");
    String[] specials = {"<unk>", "<s>", "</s>"};
    for (int i = 0; i < specials.length; i++) {
      added.addObject().put("id", i).put("content", specials[i]).put("single_word", false).put("lstrip", false)
          .put("rstrip", false).put("normalized", false).put("special", true);
    }
    ObjectNode model = root.putObject("model");
    model.put("type", "BPE").putNull("dropout");
    model.put("unk_token", "<unk>").putNull("continuing_subword_prefix").putNull("end_of_word_suffix");
    model.put("fuse_unk", true).put("byte_fallback", true).put("ignore_merges", false);
    ObjectNode vocab = model.putObject("vocab");
    int id = 0;
    for (String s : specials) {
      vocab.put(s, id++);
    }
    for (int b = 0; b < 256; b++) {
      vocab.put(String.format("<0x%02X>", b), id++);
    }
    for (String c : CHARS) {
      vocab.put(c, id++);
    }
    for (String r : RESULTS) {
      vocab.put(r, id++);
    }
    ArrayNode merges = model.putArray("merges");
    for (String m : MERGES) {
      merges.add(m);
    }
    ArrayNode decoders = root.putObject("decoder").put("type", "Sequence").putArray("decoders");
    decoders.addObject().put("type", "Replace").put("content", " ").putObject("pattern").put("String", "▁");
    decoders.addObject().put("type", "ByteFallback");
    decoders.addObject().put("type", "Fuse");
    decoders.addObject().put("type", "Strip").put("content", " ").put("start", 1).put("stop", 0);
    return root;
  }

  static Path write(Path dir, String name, ObjectNode root) throws IOException {
    Path p = dir.resolve(name);
    JSON.writeValue(p.toFile(), root);
    return p;
  }

  static SentencePieceBpeTokenizer load(Path dir, String name, ObjectNode root) throws IOException {
    return (SentencePieceBpeTokenizer) HfTokenizerJson.loadAny(write(dir, name, root));
  }
}
