package org.grpo4j.rl.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds a checkpoint's chat template: {@code chat_template.jinja} (transformers 4.5x and later) or the
 * {@code chat_template} of {@code tokenizer_config.json} (a string, or a list of named templates: "default" is used),
 * with {@code bos_token} and {@code eos_token} from the same config (strings or {"content": ...} objects).
 */
public final class ChatTemplateFiles {

  /** The separate template file newer transformers write. */
  public static final String JINJA = "chat_template.jinja";
  /** The tokenizer config holding the special tokens and, in older checkpoints, the template. */
  public static final String CONFIG = "tokenizer_config.json";
  /** Every file a chat template may be stored in, to copy beside a saved checkpoint. */
  public static final List<String> NAMES = List.of(JINJA, CONFIG);
  private static final ObjectMapper JSON = new ObjectMapper();

  private ChatTemplateFiles() {}

  /** The chat template of checkpoint {@code dir} with default limits. */
  public static ChatTemplate load(Path dir) {
    return load(dir, ChatTemplateLimits.DEFAULT);
  }

  /**
   * The chat template of checkpoint {@code dir}.
   *
   * @throws ChatTemplateException naming the directory when it has no template, or the file when it is unreadable
   */
  public static ChatTemplate load(Path dir, ChatTemplateLimits limits) {
    Path configFile = dir.resolve(CONFIG);
    JsonNode config = Files.isRegularFile(configFile) ? readJson(configFile) : JSON.createObjectNode();
    String source = null;
    Path jinja = dir.resolve(JINJA);
    if (Files.isRegularFile(jinja)) {
      try {
        source = Files.readString(jinja);
      } catch (IOException e) {
        throw new ChatTemplateException("cannot read " + jinja + ": " + e.getMessage());
      }
    } else {
      source = fromConfig(config.path("chat_template"), configFile);
    }
    if (source == null) {
      throw new ChatTemplateException("checkpoint " + dir + " has no chat template (expected " + JINJA + " or a"
          + " 'chat_template' in " + CONFIG + "); pass the prompt as plain text with --prompt");
    }
    return new ChatTemplate(source, token(config.path("bos_token")), token(config.path("eos_token")), limits);
  }

  private static String fromConfig(JsonNode t, Path file) {
    if (t.isTextual()) {
      return t.asText();
    }
    if (t.isArray()) {
      for (JsonNode named : t) {
        if ("default".equals(named.path("name").asText()) && named.path("template").isTextual()) {
          return named.path("template").asText();
        }
      }
      throw new ChatTemplateException(file + ": 'chat_template' is a list without a template named \"default\"");
    }
    if (!t.isMissingNode() && !t.isNull()) {
      throw new ChatTemplateException(file + ": 'chat_template' must be a string or a list of {name, template}, got "
          + t.getNodeType());
    }
    return null;
  }

  private static String token(JsonNode t) {
    if (t.isTextual()) {
      return t.asText();
    }
    return t.path("content").isTextual() ? t.path("content").asText() : null;
  }

  private static JsonNode readJson(Path file) {
    try {
      JsonNode n = JSON.readTree(file.toFile());
      if (n == null || !n.isObject()) {
        throw new ChatTemplateException(file + " must hold a JSON object");
      }
      return n;
    } catch (IOException e) {
      throw new ChatTemplateException("cannot read " + file + ": " + e.getMessage());
    }
  }
}
