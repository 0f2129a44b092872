package org.grpo4j.tokenizer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Turns a byte-level string vocabulary plus string merges (GPT-2 or Hugging Face form) into a {@link BpeModel}. */
final class VocabBuilder {

  /** One merge as written in a file, with {@code where} naming its file and line for error messages. */
  record MergeLine(String left, String right, String where) {}

  /**
   * Largest token id read: ids may leave gaps (unused ids), but the id table is sized by the largest id, so an id
   * far beyond any real vocabulary (the largest have a few hundred thousand tokens) is refused before allocating.
   */
  static final int MAX_ID = (1 << 24) - 1;
  /** Why ids are bounded, for error messages. */
  static final String ID_RANGE = "ids size a table of their largest value; no vocabulary has more than 2^24 ids";

  private static final ObjectMapper JSON = new ObjectMapper();

  private VocabBuilder() {}

  /** Parses JSON text, naming {@code what} with line and column on malformed input. */
  static JsonNode parseJson(String text, String what) {
    try {
      JsonNode node = JSON.readTree(text);
      if (node == null || node.isMissingNode()) {
        throw new TokenizerException(what + " is empty; expected a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      String msg = e.getOriginalMessage();
      var loc = e.getLocation();
      String at = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
      throw new TokenizerException(what + " is malformed JSON" + at + ": " + msg, e);
    }
  }

  /** Reads a {@code {"token": id, ...}} object. */
  static Map<String, Integer> vocabFromJson(JsonNode node, String what) {
    if (!node.isObject()) {
      throw new TokenizerException(what + " must be a JSON object of token to id, got " + node.getNodeType());
    }
    Map<String, Integer> vocab = new HashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      JsonNode v = e.getValue();
      if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 0 || v.intValue() > MAX_ID) {
        throw new TokenizerException(what + ": token '" + e.getKey() + "' has id " + v
            + "; expected an integer in 0.." + MAX_ID + " (" + ID_RANGE + ")");
      }
      vocab.put(e.getKey(), v.intValue());
    }
    if (vocab.isEmpty()) {
      throw new TokenizerException(what + " has no tokens");
    }
    return vocab;
  }

  /** Builds the model, checking every token, byte and merge; errors name {@code vocabWhat} or the merge's line. */
  static BpeModel build(Map<String, Integer> vocab, List<MergeLine> merges, List<AddedToken> added,
      boolean ignoreMerges, String vocabWhat) {
    int max = -1;
    for (int id : vocab.values()) {
      max = Math.max(max, id);
    }
    for (AddedToken a : added) {
      max = Math.max(max, a.id());
    }
    byte[][] bytes = new byte[max + 1][];
    Map<Integer, String> addedById = new HashMap<>();
    for (AddedToken a : added) {
      String prev = addedById.put(a.id(), a.content());
      if (prev != null) {
        throw new TokenizerException("added tokens '" + prev + "' and '" + a.content() + "' share id " + a.id());
      }
      bytes[a.id()] = a.content().getBytes(StandardCharsets.UTF_8);
    }
    Map<Integer, String> tokenById = new HashMap<>();
    for (Map.Entry<String, Integer> e : vocab.entrySet()) {
      String token = e.getKey();
      int id = e.getValue();
      String other = tokenById.put(id, token);
      if (other != null) {
        throw new TokenizerException(vocabWhat + ": tokens '" + other + "' and '" + token + "' share id " + id);
      }
      String addedContent = addedById.get(id);
      if (addedContent != null) {
        if (!addedContent.equals(token)) {
          throw new TokenizerException(vocabWhat + ": id " + id + " is '" + token + "' but the added token with"
              + " that id is '" + addedContent + "'");
        }
        continue;
      }
      byte[] b = ByteLevelAlphabet.decodeOrNull(token);
      if (b == null || b.length == 0) {
        throw new TokenizerException(vocabWhat + ": token '" + token + "' (id " + id + ") is not a byte-level token: "
            + "expected characters of GPT-2's byte-to-unicode alphabet" + badChar(token));
      }
      bytes[id] = b;
    }
    int[] byteToId = new int[256];
    for (int b = 0; b < 256; b++) {
      Integer id = vocab.get(String.valueOf(ByteLevelAlphabet.charOf(b)));
      if (id == null) {
        throw new TokenizerException(String.format("%s lacks the byte-level token '%c' for byte 0x%02X; a byte-level "
            + "vocabulary needs all 256", vocabWhat, ByteLevelAlphabet.charOf(b), b));
      }
      byteToId[b] = id;
    }
    List<Merge> ms = new ArrayList<>(merges.size());
    for (MergeLine m : merges) {
      int l = idOf(vocab, m.left(), m);
      int r = idOf(vocab, m.right(), m);
      int res = idOf(vocab, m.left() + m.right(), m);
      ms.add(new Merge(l, r, res));
    }
    return new BpeModel(bytes, byteToId, ms, added, ignoreMerges);
  }

  private static int idOf(Map<String, Integer> vocab, String token, MergeLine m) {
    Integer id = vocab.get(token);
    if (id == null) {
      throw new TokenizerException(m.where() + ": merge '" + m.left() + " " + m.right() + "' needs token '" + token
          + "', which is not in the vocabulary");
    }
    return id;
  }

  private static String badChar(String token) {
    for (int i = 0; i < token.length(); i++) {
      if (ByteLevelAlphabet.byteOf(token.charAt(i)) < 0) {
        return String.format(", but '%s' has U+%04X at index %d", token, (int) token.charAt(i), i);
      }
    }
    return ", but the token is empty";
  }
}
