package org.grpo4j.tokenizer;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Locates test resources and shares the (expensive to load) GPT-2 tokenizer between tests. */
final class TestResources {

  private static ByteLevelBpeTokenizer gpt2;

  private TestResources() {}

  static Path path(String name) {
    try {
      return Path.of(TestResources.class.getResource("/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("missing test resource " + name, e);
    }
  }

  static Path gpt2Vocab() {
    return path("gpt2-bpe/vocab.json");
  }

  static Path gpt2Merges() {
    return path("gpt2-bpe/merges.txt");
  }

  static synchronized ByteLevelBpeTokenizer gpt2() {
    if (gpt2 == null) {
      gpt2 = Gpt2Files.load(gpt2Vocab(), gpt2Merges());
    }
    return gpt2;
  }
}
