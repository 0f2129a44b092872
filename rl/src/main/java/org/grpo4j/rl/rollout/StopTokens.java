package org.grpo4j.rl.rollout;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.grpo4j.tokenizer.SpecialTokenPolicy;
import org.grpo4j.tokenizer.Tokenizer;

/** The token ids that end a completion: the tokenizer's {@code <|endoftext|>} if it has one, plus stop strings. */
public final class StopTokens {
  /** The end-of-sequence special token of GPT-2 style tokenizers. */
  public static final String END_OF_TEXT = "<|endoftext|>";

  private StopTokens() {}

  /**
   * The stop ids of {@code tokenizer}: its end-of-text token if any, and the id of each stop string, which must
   * encode to exactly one token (a string the tokenizer splits is an error naming it).
   */
  public static Set<Integer> resolve(Tokenizer tokenizer, List<String> stopStrings) {
    Set<Integer> ids = new TreeSet<>();
    tokenizer.specialTokenId(END_OF_TEXT).ifPresent(ids::add);
    for (String s : stopStrings) {
      int[] enc = tokenizer.encode(s, SpecialTokenPolicy.ALLOW);
      if (enc.length != 1) {
        throw new IllegalArgumentException("stop string '" + s + "' encodes to " + enc.length
            + " tokens; a stop string must be exactly one token");
      }
      ids.add(enc[0]);
    }
    return ids;
  }
}
