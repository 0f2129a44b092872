package org.grpo4j.rl.chat;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.JinjavaInterpreterFactory;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.el.ext.AbstractCallableMethod;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jinjava.javax.el.CompositeELResolver;
import jinjava.javax.el.ELResolver;

/**
 * A Hugging Face chat template rendered with Jinjava as transformers renders it with Jinja2 (trim_blocks,
 * lstrip_blocks, loop controls), with the variables {@code messages}, {@code add_generation_prompt},
 * {@code bos_token}, {@code eos_token} and the functions {@code raise_exception(message)} and
 * {@code strftime_now(format)}. What Jinjava lacks of Jinja2 (loop filters, slices, Python str methods, ...) comes
 * from {@link Jinja2Syntax}, {@link PyForTag}, {@link PythonMethodResolver} and {@link PyFilters}. Immutable; safe to
 * share.
 */
public final class ChatTemplate {

  /** Jinjava's switches towards Jinja2's behaviour: {@code {{-}} trimming, operator precedence, loop values. */
  private static final LegacyOverrides JINJA2 = LegacyOverrides.newBuilder().withUseTrimmingForNotesAndExpressions(true)
      .withUseNaturalOperatorPrecedence(true).withEvaluateMapKeys(true).withKeepNullableLoopValues(true)
      .withParseWhitespaceControlStrictly(true).build();

  /** Python's str methods first, then Jinjava's read-only resolver (transformers' sandbox is immutable too). */
  private static final ELResolver RESOLVER = new CompositeELResolver() {
    {
      add(new PythonMethodResolver());
      add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
    }
  };

  /** Interpreters whose {@code {{ x }}} writes x as Python's str() does ({@link PyExpressionStrategy}). */
  private static final class PythonOutputInterpreters extends JinjavaInterpreterFactory {
    private static final long serialVersionUID = 1L;

    @Override
    public JinjavaInterpreter newInstance(Jinjava jinjava, Context context, JinjavaConfig config) {
      JinjavaInterpreter interpreter = super.newInstance(jinjava, context, config);
      interpreter.getContext().setExpressionStrategy(new PyExpressionStrategy());
      return interpreter;
    }
  }

  /** The value of the name {@code strftime_now}: callable like the function of that name. */
  private static final AbstractCallableMethod STRFTIME_NOW = new GlobalFunction("strftime_now",
      a -> JinjaFunctions.strftimeNow(a.isEmpty() ? null : a.get(0)));
  /** The value of the name {@code raise_exception}. */
  private static final AbstractCallableMethod RAISE_EXCEPTION = new GlobalFunction("raise_exception",
      a -> JinjaFunctions.raiseException(a.isEmpty() ? null : a.get(0)));

  /** A global function as a template value. */
  private static final class GlobalFunction extends AbstractCallableMethod {
    private final java.util.function.Function<List<Object>, Object> body;

    GlobalFunction(String name, java.util.function.Function<List<Object>, Object> body) {
      super(name, new LinkedHashMap<>());
      this.body = body;
    }

    @Override
    public Object doEvaluate(Map<String, Object> args, Map<String, Object> kwargs, List<Object> varArgs) {
      return body.apply(varArgs == null ? List.of() : varArgs);
    }
  }

  private final String source;
  /** The source with the Jinja2 syntax Jinjava cannot parse rewritten (see {@link Jinja2Syntax}). */
  private final String rendered;
  private final String bosToken;
  private final String eosToken;
  private final ChatTemplateLimits limits;
  private final Jinjava jinjava;

  /** A template with its special-token strings (null: the variable is an empty string) and limits. */
  public ChatTemplate(String source, String bosToken, String eosToken, ChatTemplateLimits limits) {
    if (source == null || source.isBlank()) {
      throw new ChatTemplateException("chat template is empty; expected Jinja text");
    }
    if (limits == null) {
      throw new IllegalArgumentException("limits must be non-null");
    }
    this.source = source;
    this.rendered = Jinja2Syntax.rewrite(source);
    this.bosToken = bosToken == null ? "" : bosToken;
    this.eosToken = eosToken == null ? "" : eosToken;
    this.limits = limits;
    JinjavaConfig config = JinjavaConfig.newBuilder().withTrimBlocks(true).withLstripBlocks(true)
        .withMaxOutputSize(limits.maxOutputChars()).withMaxRenderDepth(limits.maxRenderDepth())
        .withRangeLimit(limits.rangeLimit()).withMaxMacroRecursionDepth(limits.maxMacroRecursion())
        .withEnableRecursiveMacroCalls(true).withMaxListSize(limits.rangeLimit())
        .withMaxStringLength(limits.maxOutputChars()).withLegacyOverrides(JINJA2).withElResolver(RESOLVER)
        .withInterperterFactory(new PythonOutputInterpreters()).build();
    this.jinjava = new Jinjava(config);
    var globals = jinjava.getGlobalContext();
    globals.registerFunction(new ELFunctionDefinition("", "raise_exception", JinjaFunctions.class, "raiseException",
        Object.class));
    globals.registerFunction(new ELFunctionDefinition("", "strftime_now", JinjaFunctions.class, "strftimeNow",
        Object.class));
    globals.registerFunction(new ELFunctionDefinition("", Jinja2Syntax.SLICE_FUNCTION, JinjaFunctions.class, "slice",
        Object.class, Object.class, Object.class, Object.class));
    globals.registerFunction(new ELFunctionDefinition("", Jinja2Syntax.TEST_FUNCTION, JinjaFunctions.class, "test",
        Object.class, Object.class, Object.class, Object.class));
    globals.registerTag(new PyForTag());
    globals.registerFilter(new PyFilters.ToJson());
    globals.registerFilter(new PyFilters.Trim());
  }

  /** The template text. */
  public String source() {
    return source;
  }

  /** The {@code eos_token} the template sees (empty when the tokenizer config names none). */
  public String eosToken() {
    return eosToken;
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
    // transformers' global functions are defined values too (Llama 3.2: "if strftime_now is defined")
    vars.put("strftime_now", STRFTIME_NOW);
    vars.put("raise_exception", RAISE_EXCEPTION);
    vars.put("messages", list);
    vars.put("add_generation_prompt", addGenerationPrompt);
    vars.put("bos_token", bosToken);
    vars.put("eos_token", eosToken);
    RenderResult result;
    try {
      result = jinjava.renderForResult(rendered, vars);
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
    for (Throwable t = e.getException(); t != null; t = t.getCause()) {
      if (t instanceof JinjaFunctions.Raised r) {
        return "raise_exception(\"" + r.getMessage() + "\")";
      }
      if (t instanceof IllegalArgumentException && t.getMessage() != null) {
        return t.getMessage(); // ours: a refused construct or a Python method's bad argument, already explained
      }
    }
    return e.getMessage();
  }

  private static String describe(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof JinjaFunctions.Raised r) {
        return "raise_exception(\"" + r.getMessage() + "\")";
      }
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
