package org.grpo4j.rl.chat;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Hugging Face chat template rendered with Jinjava as transformers renders it (trim_blocks, lstrip_blocks), with
 * the variables {@code messages}, {@code add_generation_prompt}, {@code bos_token}, {@code eos_token} and the
 * function {@code raise_exception(message)}. Immutable; safe to share.
 */
public final class ChatTemplate {

  /** Jinjava's switches towards Jinja2's behaviour: {@code {{-}} trimming, operator precedence, loop values. */
  private static final LegacyOverrides JINJA2 = LegacyOverrides.newBuilder().withUseTrimmingForNotesAndExpressions(true)
      .withUseNaturalOperatorPrecedence(true).withEvaluateMapKeys(true).withKeepNullableLoopValues(true)
      .withParseWhitespaceControlStrictly(true).build();

  /** {@code {% for x in xs if cond %}}: Jinja2 filters the loop, Jinjava renders nothing (so it is refused). */
  private static final java.util.regex.Pattern LOOP_FILTER =
      java.util.regex.Pattern.compile("\\{%-?\\s*for\\s[^%]*?\\sin\\s[^%]*?\\sif\\s");

  private final String source;
  private final String bosToken;
  private final String eosToken;
  private final ChatTemplateLimits limits;
  private final Jinjava jinjava;

  /** A template with its special-token strings (null: the variable is an empty string) and limits. */
  public ChatTemplate(String source, String bosToken, String eosToken, ChatTemplateLimits limits) {
    if (source == null || source.isBlank()) {
      throw new ChatTemplateException("chat template is empty; expected Jinja text");
    }
    java.util.regex.Matcher loopFilter = LOOP_FILTER.matcher(source);
    if (loopFilter.find()) {
      throw new ChatTemplateException("chat template uses a loop filter '" + loopFilter.group() + "...', which Jinjava"
          + " silently renders as an empty loop; expected {% for x in xs %}{% if cond %}...{% endif %}{% endfor %}");
    }
    if (limits == null) {
      throw new IllegalArgumentException("limits must be non-null");
    }
    this.source = source;
    this.bosToken = bosToken == null ? "" : bosToken;
    this.eosToken = eosToken == null ? "" : eosToken;
    this.limits = limits;
    JinjavaConfig config = JinjavaConfig.newBuilder().withTrimBlocks(true).withLstripBlocks(true)
        .withMaxOutputSize(limits.maxOutputChars()).withMaxRenderDepth(limits.maxRenderDepth())
        .withRangeLimit(limits.rangeLimit()).withMaxMacroRecursionDepth(limits.maxMacroRecursion())
        .withEnableRecursiveMacroCalls(true).withMaxListSize(limits.rangeLimit())
        .withMaxStringLength(limits.maxOutputChars()).withLegacyOverrides(JINJA2).build();
    this.jinjava = new Jinjava(config);
    jinjava.getGlobalContext().registerFunction(new ELFunctionDefinition("", "raise_exception", ChatTemplate.class,
        "raiseException", Object.class));
  }

  /** The template text. */
  public String source() {
    return source;
  }

  /** Renders {@code messages}; {@code addGenerationPrompt} opens the assistant's turn at the end. */
  public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
    return render(messages, addGenerationPrompt, Map.of());
  }

  /**
   * Renders {@code messages} with extra template variables (for example {@code enable_thinking}).
   *
   * @throws ChatTemplateException if the template raises, is malformed, or runs past its limits
   */
  public String render(List<ChatMessage> messages, boolean addGenerationPrompt, Map<String, Object> extra) {
    List<Map<String, Object>> list = new ArrayList<>(messages.size());
    for (ChatMessage m : messages) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("role", m.role().templateName());
      one.put("content", m.content());
      list.add(one);
    }
    Map<String, Object> vars = new HashMap<>(extra);
    vars.put("messages", list);
    vars.put("add_generation_prompt", addGenerationPrompt);
    vars.put("bos_token", bosToken);
    vars.put("eos_token", eosToken);
    RenderResult result;
    try {
      result = jinjava.renderForResult(source, vars);
    } catch (RuntimeException e) {
      throw new ChatTemplateException("chat template failed: " + describe(e));
    }
    for (TemplateError e : result.getErrors()) {
      // Jinjava reports a macro past its recursion limit as a WARNING with an empty result: an error here too.
      if (e.getSeverity() == TemplateError.ErrorType.FATAL || e.getReason() == TemplateError.ErrorReason.EXCEPTION) {
        throw new ChatTemplateException("chat template failed" + (e.getLineno() > 0 ? " at line " + e.getLineno()
            : "") + ": " + message(e));
      }
    }
    return result.getOutput();
  }

  private static String message(TemplateError e) {
    Throwable t = e.getException();
    while (t != null) {
      if (t instanceof Raised r) {
        return "raise_exception(\"" + r.getMessage() + "\")";
      }
      t = t.getCause();
    }
    return e.getMessage();
  }

  private static String describe(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof Raised r) {
        return "raise_exception(\"" + r.getMessage() + "\")";
      }
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** The template function {@code raise_exception(message)}: ends the rendering with the message. */
  public static Object raiseException(Object message) {
    throw new Raised(String.valueOf(message));
  }

  /** What {@code raise_exception} throws inside Jinjava. */
  private static final class Raised extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Raised(String message) {
      super(message);
    }
  }
}
