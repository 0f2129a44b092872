package org.grpo4j.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads the SentencePiece-style pipelines of a Hugging Face {@code tokenizer.json}: a {@code Metaspace}
 * pre-tokenizer, or the legacy Llama 2 normalizer {@code Sequence[Prepend("▁"), Replace(" ", "▁")]} with no
 * pre-tokenizer; a character-level BPE model (byte fallback, unk token); a decoder chain of Replace, ByteFallback,
 * Fuse, Strip and Metaspace.
 */
final class SentencePieceJson {

  private SentencePieceJson() {}

  /** Whether {@code root} holds one of the pipelines this class reads. */
  static boolean applies(JsonNode root) {
    return "Metaspace".equals(root.path("pre_tokenizer").path("type").asText()) || legacySpacing(root) != null
        || root.path("model").path("byte_fallback").asBoolean(false);
  }

  static SentencePieceBpeTokenizer load(JsonNode root, String what) {
    JsonNode model = root.path("model");
    if (!"BPE".equals(model.path("type").asText("BPE"))) {
      throw new TokenizerException(what + ": model.type is '" + model.path("type").asText() + "'; only 'BPE' is"
          + " supported");
    }
    for (String f : List.of("dropout", "continuing_subword_prefix", "end_of_word_suffix")) {
      JsonNode v = model.path(f);
      if (!v.isMissingNode() && !v.isNull() && !(v.isTextual() && v.asText().isEmpty())) {
        throw new TokenizerException(what + ": model." + f + " = " + v + " is not supported; expected null");
      }
    }
    Map<String, Integer> vocab = VocabBuilder.vocabFromJson(model.path("vocab"), what + ": model.vocab");
    List<AddedToken> added = HfTokenizerJson.readAdded(root.path("added_tokens"), what);
    int max = vocab.values().stream().mapToInt(Integer::intValue).max().orElse(-1);
    for (AddedToken a : added) {
      max = Math.max(max, a.id());
    }
    String[] tokens = new String[max + 1];
    vocab.forEach((t, id) -> {
      if (tokens[id] != null) {
        throw new TokenizerException(what + ": tokens '" + tokens[id] + "' and '" + t + "' share id " + id);
      }
      tokens[id] = t;
    });
    for (AddedToken a : added) {
      if (tokens[a.id()] == null) {
        tokens[a.id()] = a.content();
      }
    }
    List<Merge> merges = new ArrayList<>();
    for (VocabBuilder.MergeLine m : HfTokenizerJson.readMerges(model.path("merges"), what)) {
      merges.add(new Merge(id(vocab, m.left(), m), id(vocab, m.right(), m), id(vocab, m.left() + m.right(), m)));
    }
    int unk = -1;
    JsonNode unkToken = model.path("unk_token");
    if (unkToken.isTextual()) {
      Integer id = vocab.get(unkToken.asText());
      if (id == null) {
        throw new TokenizerException(what + ": model.unk_token '" + unkToken.asText() + "' is not in the vocabulary");
      }
      unk = id;
    }
    SentencePieceBpeModel m = new SentencePieceBpeModel(Arrays.asList(tokens), merges, added,
        model.path("byte_fallback").asBoolean(false), unk, model.path("fuse_unk").asBoolean(false),
        model.path("ignore_merges").asBoolean(false));
    return new SentencePieceBpeTokenizer(m, splitter(root, what), decoders(root.path("decoder"), what));
  }

  private static int id(Map<String, Integer> vocab, String token, VocabBuilder.MergeLine m) {
    Integer id = vocab.get(token);
    if (id == null) {
      throw new TokenizerException(m.where() + ": merge '" + m.left() + " " + m.right() + "' needs token '" + token
          + "', which is not in the vocabulary");
    }
    return id;
  }

  private static MetaspaceSplitter splitter(JsonNode root, String what) {
    JsonNode pre = root.path("pre_tokenizer");
    JsonNode norm = root.path("normalizer");
    boolean noNormalizer = norm.isMissingNode() || norm.isNull()
        || ("Sequence".equals(norm.path("type").asText()) && norm.path("normalizers").isEmpty());
    if ("Metaspace".equals(pre.path("type").asText())) {
      if (!noNormalizer) {
        throw new TokenizerException(what + ": normalizer = " + norm + " is not supported with a Metaspace "
            + "pre-tokenizer; expected null");
      }
      return new MetaspaceSplitter(replacement(pre, what), scheme(pre), pre.path("split").asBoolean(true), false);
    }
    Character legacy = legacySpacing(root);
    if (legacy != null && (pre.isMissingNode() || pre.isNull())) {
      return new MetaspaceSplitter(legacy, PrependScheme.ALWAYS, false, true);
    }
    throw new TokenizerException(what + ": byte_fallback needs a Metaspace pre-tokenizer or the normalizer "
        + "Sequence[Prepend, Replace] with no pre-tokenizer; got pre_tokenizer " + pre + ", normalizer " + norm);
  }

  /** The replacement of a legacy {@code Sequence[Prepend(r), Replace(" ", r)]} normalizer, or null. */
  private static Character legacySpacing(JsonNode root) {
    JsonNode n = root.path("normalizer");
    JsonNode list = n.path("normalizers");
    if (!"Sequence".equals(n.path("type").asText()) || list.size() != 2) {
      return null;
    }
    JsonNode prepend = list.get(0);
    JsonNode replace = list.get(1);
    String r = prepend.path("prepend").asText("");
    boolean ok = "Prepend".equals(prepend.path("type").asText()) && r.length() == 1
        && "Replace".equals(replace.path("type").asText()) && " ".equals(replace.path("pattern").path("String")
        .asText(null)) && r.equals(replace.path("content").asText(null));
    return ok ? r.charAt(0) : null;
  }

  private static char replacement(JsonNode node, String what) {
    String r = node.path("replacement").asText(String.valueOf(MetaspaceSplitter.LOWER_ONE_EIGHTH_BLOCK));
    if (r.length() != 1) {
      throw new TokenizerException(what + ": Metaspace replacement '" + r + "' must be one character");
    }
    return r.charAt(0);
  }

  private static PrependScheme scheme(JsonNode node) {
    if (node.has("prepend_scheme")) {
      return PrependScheme.parse(node.path("prepend_scheme").asText());
    }
    return node.path("add_prefix_space").asBoolean(true) ? PrependScheme.ALWAYS : PrependScheme.NEVER;
  }

  private static List<TokenDecoder> decoders(JsonNode d, String what) {
    if (d.isMissingNode() || d.isNull()) {
      throw new TokenizerException(what + ": missing decoder; expected Metaspace or a Sequence of Replace,"
          + " ByteFallback, Fuse, Strip");
    }
    List<TokenDecoder> out = new ArrayList<>();
    if ("Sequence".equals(d.path("type").asText())) {
      for (JsonNode one : d.path("decoders")) {
        out.add(decoder(one, what));
      }
    } else {
      out.add(decoder(d, what));
    }
    return out;
  }

  private static TokenDecoder decoder(JsonNode d, String what) {
    String type = d.path("type").asText();
    switch (type) {
      case "Replace": {
        String pattern = d.path("pattern").path("String").asText(null);
        if (pattern == null || pattern.isEmpty() || !d.path("content").isTextual()) {
          throw new TokenizerException(what + ": decoder " + d + " is not supported; expected a Replace with a"
              + " String pattern (regex patterns are not supported)");
        }
        return new TokenDecoder.Replace(pattern, d.path("content").asText());
      }
      case "ByteFallback":
        return new TokenDecoder.ByteFallback();
      case "Fuse":
        return new TokenDecoder.Fuse();
      case "Strip": {
        String c = d.path("content").asText(" ");
        if (c.length() != 1) {
          throw new TokenizerException(what + ": Strip content '" + c + "' must be one character");
        }
        return new TokenDecoder.Strip(c.charAt(0), d.path("start").asInt(0), d.path("stop").asInt(0));
      }
      case "Metaspace":
        return new TokenDecoder.Metaspace(replacement(d, what), scheme(d));
      default:
        throw new TokenizerException(what + ": decoder type '" + type + "' is not supported here; expected"
            + " Replace, ByteFallback, Fuse, Strip or Metaspace");
    }
  }
}
