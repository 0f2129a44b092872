package org.grpo4j.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loads a Hugging Face {@code tokenizer.json} whose model is byte-level BPE (GPT-2 family): BPE model, ByteLevel
 * pre-tokenizer without prefix space, ByteLevel decoder, no normalizer, and added tokens. Anything else is
 * rejected with a message naming the unsupported setting. {@code encode} matches Hugging Face
 * {@code encode(text, add_special_tokens=False)}: post-processor templates are not applied.
 */
public final class HfTokenizerJson {

  private HfTokenizerJson() {}

  /** Loads and validates the file. */
  public static ByteLevelBpeTokenizer load(Path file) {
    String what = "tokenizer file " + file;
    JsonNode root = VocabBuilder.parseJson(Utf8.readFile(file, "tokenizer file"), what);
    BpeModel model = model(root, what);
    return new ByteLevelBpeTokenizer(model, splitter(root.path("pre_tokenizer"), what),
        normalization(root.path("normalizer"), what));
  }

  /**
   * Loads any supported {@code tokenizer.json}: byte-level BPE (GPT-2, Qwen2/Qwen3, Llama 3) as
   * {@link ByteLevelBpeTokenizer}, SentencePiece-style BPE (Metaspace, byte fallback; Llama 2) as
   * {@link SentencePieceBpeTokenizer}.
   */
  public static Tokenizer loadAny(Path file) {
    String what = "tokenizer file " + file;
    JsonNode root = VocabBuilder.parseJson(Utf8.readFile(file, "tokenizer file"), what);
    if (root.isObject() && SentencePieceJson.applies(root)) {
      return SentencePieceJson.load(root, what);
    }
    BpeModel model = model(root, what);
    return new ByteLevelBpeTokenizer(model, splitter(root.path("pre_tokenizer"), what),
        normalization(root.path("normalizer"), what));
  }

  /**
   * Loads the model.
   *
   * @throws TokenizerException for a missing file, invalid UTF-8, malformed JSON, an unsupported component, or an
   *     inconsistent vocabulary; the message names the file and the JSON path
   */
  public static BpeModel loadModel(Path file) {
    String what = "tokenizer file " + file;
    return model(VocabBuilder.parseJson(Utf8.readFile(file, "tokenizer file"), what), what);
  }

  private static BpeModel model(JsonNode root, String what) {
    if (!root.isObject()) {
      throw new TokenizerException(what + " must hold a JSON object, got " + root.getNodeType());
    }
    JsonNode model = root.path("model");
    if (!model.isObject()) {
      throw new TokenizerException(what + ": missing object 'model'");
    }
    String type = model.path("type").asText("BPE");
    if (!type.equals("BPE")) {
      throw new TokenizerException(what + ": model.type is '" + type + "'; only 'BPE' is supported");
    }
    requireNullOr(model, "dropout", what, null);
    requireNullOr(model, "continuing_subword_prefix", what, "");
    requireNullOr(model, "end_of_word_suffix", what, "");
    if (model.path("byte_fallback").asBoolean(false)) {
      throw new TokenizerException(what + ": model.byte_fallback=true is not supported (byte-level BPE needs none)");
    }
    normalization(root.path("normalizer"), what);
    splitter(root.path("pre_tokenizer"), what);
    JsonNode decoder = root.path("decoder");
    if (!decoder.isObject() || !"ByteLevel".equals(decoder.path("type").asText())) {
      throw new TokenizerException(what + ": decoder must be {\"type\": \"ByteLevel\"}, got " + decoder);
    }
    Map<String, Integer> vocab = VocabBuilder.vocabFromJson(model.path("vocab"), what + ": model.vocab");
    List<VocabBuilder.MergeLine> merges = readMerges(model.path("merges"), what);
    List<AddedToken> added = readAdded(root.path("added_tokens"), what);
    boolean ignoreMerges = model.path("ignore_merges").asBoolean(false);
    return VocabBuilder.build(vocab, merges, added, ignoreMerges, what + ": model.vocab");
  }

  /** NFC (alone or as the only member of a Sequence) or no normalizer; anything else is named in an error. */
  private static java.text.Normalizer.Form normalization(JsonNode n, String what) {
    if (n.isMissingNode() || n.isNull()) {
      return null;
    }
    JsonNode one = n;
    if ("Sequence".equals(n.path("type").asText()) && n.path("normalizers").size() == 1) {
      one = n.path("normalizers").get(0);
    } else if ("Sequence".equals(n.path("type").asText()) && n.path("normalizers").isEmpty()) {
      return null;
    }
    if ("NFC".equals(one.path("type").asText())) {
      return java.text.Normalizer.Form.NFC;
    }
    throw new TokenizerException(what + ": normalizer = " + n + " is not supported; expected null or NFC");
  }

  /**
   * The ByteLevel pre-tokenizer with its GPT-2 regex, or a Sequence of a Split (regex, Isolated, not inverted) and
   * a ByteLevel without its own regex (Qwen2/Qwen3, Llama 3).
   */
  private static PieceSplitter splitter(JsonNode pre, String what) {
    if (pre.isObject() && "Sequence".equals(pre.path("type").asText())) {
      JsonNode list = pre.path("pretokenizers");
      if (list.size() != 2 || !"Split".equals(list.get(0).path("type").asText())
          || !"ByteLevel".equals(list.get(1).path("type").asText())) {
        throw new TokenizerException(what + ": pre_tokenizer Sequence " + list + " is not supported; expected"
            + " [Split, ByteLevel]");
      }
      JsonNode split = list.get(0);
      JsonNode byteLevel = list.get(1);
      String regex = split.path("pattern").path("Regex").asText(null);
      if (regex == null || !"Isolated".equals(split.path("behavior").asText())
          || split.path("invert").asBoolean(false)) {
        throw new TokenizerException(what + ": pre_tokenizer Split " + split + " is not supported; expected a Regex"
            + " pattern, behavior Isolated, invert false");
      }
      if (byteLevel.path("add_prefix_space").asBoolean(false) || byteLevel.path("use_regex").asBoolean(true)) {
        throw new TokenizerException(what + ": ByteLevel after Split must have add_prefix_space=false and"
            + " use_regex=false, got " + byteLevel);
      }
      try {
        return PieceSplitter.isolated(regex);
      } catch (java.util.regex.PatternSyntaxException e) {
        throw new TokenizerException(what + ": Split regex " + regex + " does not compile: " + e.getDescription());
      }
    }
    checkPreTokenizer(pre, what);
    return PieceSplitter.GPT2;
  }

  private static void checkPreTokenizer(JsonNode pre, String what) {
    if (!pre.isObject() || !"ByteLevel".equals(pre.path("type").asText())) {
      throw new TokenizerException(what + ": pre_tokenizer must be of type 'ByteLevel', got " + pre);
    }
    if (pre.path("add_prefix_space").asBoolean(false)) {
      throw new TokenizerException(what + ": pre_tokenizer.add_prefix_space=true is not supported "
          + "(it would make decode(encode(s)) differ from s); expected false");
    }
    if (!pre.path("use_regex").asBoolean(true)) {
      throw new TokenizerException(what + ": pre_tokenizer.use_regex=false is not supported; expected true");
    }
  }

  private static void requireNullOr(JsonNode node, String field, String what, String allowed) {
    JsonNode v = node.path(field);
    if (v.isMissingNode() || v.isNull() || (allowed != null && v.isTextual() && v.asText().equals(allowed))) {
      return;
    }
    throw new TokenizerException(what + ": " + field + " = " + v + " is not supported; expected null"
        + (allowed == null ? "" : " or \"" + allowed + "\""));
  }

  static List<VocabBuilder.MergeLine> readMerges(JsonNode merges, String what) {
    if (!merges.isArray()) {
      throw new TokenizerException(what + ": model.merges must be an array, got " + merges.getNodeType());
    }
    List<VocabBuilder.MergeLine> out = new ArrayList<>(merges.size());
    for (int i = 0; i < merges.size(); i++) {
      JsonNode m = merges.get(i);
      String where = what + ": model.merges[" + i + "]";
      if (m.isTextual()) {
        String s = m.asText();
        int sp = s.indexOf(' ');
        if (sp <= 0 || sp == s.length() - 1 || s.indexOf(' ', sp + 1) >= 0) {
          throw new TokenizerException(where + ": expected \"left right\", got '" + s + "'");
        }
        out.add(new VocabBuilder.MergeLine(s.substring(0, sp), s.substring(sp + 1), where));
      } else if (m.isArray() && m.size() == 2 && m.get(0).isTextual() && m.get(1).isTextual()) {
        out.add(new VocabBuilder.MergeLine(m.get(0).asText(), m.get(1).asText(), where));
      } else {
        throw new TokenizerException(where + ": expected \"left right\" or [\"left\", \"right\"], got " + m);
      }
    }
    return out;
  }

  static List<AddedToken> readAdded(JsonNode added, String what) {
    List<AddedToken> out = new ArrayList<>();
    if (added.isMissingNode() || added.isNull()) {
      return out;
    }
    if (!added.isArray()) {
      throw new TokenizerException(what + ": added_tokens must be an array, got " + added.getNodeType());
    }
    for (int i = 0; i < added.size(); i++) {
      JsonNode a = added.get(i);
      String where = what + ": added_tokens[" + i + "]";
      JsonNode id = a.path("id");
      JsonNode content = a.path("content");
      if (!id.isIntegralNumber() || !id.canConvertToInt() || id.intValue() < 0 || !content.isTextual()
          || content.asText().isEmpty()) {
        throw new TokenizerException(where + ": expected a non-negative integer 'id' and a non-empty 'content', got "
            + a);
      }
      if (id.intValue() > VocabBuilder.MAX_ID) {
        throw new TokenizerException(where + ": id " + id + " is out of range (expected 0.." + VocabBuilder.MAX_ID
            + "; " + VocabBuilder.ID_RANGE + ")");
      }
      for (String flag : List.of("single_word", "lstrip", "rstrip")) {
        if (a.path(flag).asBoolean(false)) {
          throw new TokenizerException(where + ": " + flag + "=true is not supported; expected false");
        }
      }
      out.add(new AddedToken(content.asText(), id.intValue(), a.path("special").asBoolean(false)));
    }
    return out;
  }
}
