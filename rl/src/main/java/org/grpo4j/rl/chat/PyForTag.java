package org.grpo4j.rl.chat;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.JinjavaInterpreter.InterpreterScopeClosable;
import com.hubspot.jinjava.lib.tag.ElseTag;
import com.hubspot.jinjava.lib.tag.ForTag;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TagNode;
import com.hubspot.jinjava.tree.parse.TagToken;
import com.hubspot.jinjava.util.LengthLimitingStringBuilder;
import com.hubspot.jinjava.util.ObjectTruthValue;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.lang3.tuple.Pair;

/**
 * Jinja2's {@code for} loop in Jinjava: the loop filter {@code {% for x in xs if cond %}} (the loop counts only the
 * items that pass, as in Jinja2), a fresh scope for each iteration (a {@code set} inside one iteration is not seen
 * by the next), {@code {% else %}} when nothing was iterated, {@code loop.previtem}/{@code loop.nextitem}, and
 * iteration over a mapping's keys or a string's characters. {@code recursive} loops are refused.
 */
final class PyForTag extends ForTag {

  private static final long serialVersionUID = 1L;

  @Override
  public String interpretUnchecked(TagNode tagNode, JinjavaInterpreter interpreter) {
    Pair<List<String>, String> varsAndExpr = getLoopVarsAndExpression((TagToken) tagNode.getMaster());
    List<String> vars = varsAndExpr.getLeft();
    String[] iterAndFilter = splitFilter(varsAndExpr.getRight());
    if (iterAndFilter[0].matches(".*\\srecursive\\s*$") || (iterAndFilter[1] != null
        && iterAndFilter[1].matches(".*\\srecursive\\s*$"))) {
      throw new ChatTemplateException("chat template uses a recursive for loop, which is not supported");
    }
    int line = tagNode.getLineNumber();
    List<Object> items = items(interpreter.resolveELExpression(iterAndFilter[0], line), iterAndFilter[0]);
    if (iterAndFilter[1] != null) {
      List<Object> kept = new ArrayList<>();
      for (Object item : items) {
        try (InterpreterScopeClosable c = interpreter.enterScope()) {
          bind(interpreter, vars, interpreter.wrap(item));
          if (ObjectTruthValue.evaluate(interpreter.resolveELExpression(iterAndFilter[1], line))) {
            kept.add(item);
          }
        }
      }
      items = kept;
    }
    List<Node> body = new ArrayList<>();
    List<Node> otherwise = new ArrayList<>();
    boolean inElse = false;
    for (Node n : tagNode.getChildren()) {
      if (!inElse && n instanceof TagNode t && t.getTag() instanceof ElseTag) {
        inElse = true;
      } else {
        (inElse ? otherwise : body).add(n);
      }
    }
    LengthLimitingStringBuilder out = new LengthLimitingStringBuilder(interpreter.getConfig().getMaxOutputSize());
    if (items.isEmpty()) {
      for (Node n : otherwise) {
        out.append(n.render(interpreter));
      }
      return out.toString();
    }
    PyLoop loop = new PyLoop(items);
    try (InterpreterScopeClosable outer = interpreter.enterScope()) {
      interpreter.getContext().put(LOOP, loop);
      while (loop.hasNext()) {
        Object item = interpreter.wrap(loop.next());
        try (InterpreterScopeClosable iteration = interpreter.enterScope()) {
          bind(interpreter, vars, item);
          for (Node n : body) {
            out.append(n.render(interpreter));
            if (loop.isContinued()) {
              break;
            }
          }
        }
      }
    }
    return out.toString();
  }

  /** Splits "ITER if COND" at the first {@code if} outside brackets and strings; the condition is null if none. */
  static String[] splitFilter(String expr) {
    int depth = 0;
    for (int i = 0; i < expr.length(); i++) {
      char c = expr.charAt(i);
      if (c == '\'' || c == '"') {
        int j = i + 1;
        while (j < expr.length() && expr.charAt(j) != c) {
          j += expr.charAt(j) == '\\' ? 2 : 1;
        }
        i = j;
      } else if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if (c == ')' || c == ']' || c == '}') {
        depth--;
      } else if (depth == 0 && expr.startsWith("if", i) && i > 0 && Character.isWhitespace(expr.charAt(i - 1))
          && i + 2 < expr.length() && Character.isWhitespace(expr.charAt(i + 2))) {
        return new String[] {expr.substring(0, i).trim(), expr.substring(i + 2).trim()};
      }
    }
    return new String[] {expr.trim(), null};
  }

  private static List<Object> items(Object collection, String expr) {
    List<Object> items = new ArrayList<>();
    if (collection == null) {
      return items;
    }
    if (collection instanceof Map<?, ?> map) {
      items.addAll(map.keySet());
    } else if (collection instanceof Iterable<?> it) {
      it.forEach(items::add);
    } else if (collection.getClass().isArray()) {
      for (int i = 0; i < Array.getLength(collection); i++) {
        items.add(Array.get(collection, i));
      }
    } else if (collection instanceof String s) {
      s.codePoints().forEach(c -> items.add(Character.toString(c)));
    } else {
      throw new ChatTemplateException("for loop over '" + expr + "': a " + collection.getClass().getSimpleName()
          + " is not iterable");
    }
    return items;
  }

  private static void bind(JinjavaInterpreter interpreter, List<String> vars, Object item) {
    if (vars.size() == 1) {
      interpreter.getContext().put(vars.get(0), item);
      return;
    }
    List<?> parts;
    if (item instanceof Map.Entry<?, ?> e) {
      parts = java.util.Arrays.asList(e.getKey(), e.getValue());
    } else if (item instanceof List<?> l) {
      parts = l;
    } else {
      throw new ChatTemplateException("for loop unpacks " + vars + " from a value that is not a sequence: " + item);
    }
    if (parts.size() != vars.size()) {
      throw new ChatTemplateException("for loop unpacks " + vars.size() + " names " + vars + " from " + parts.size()
          + " values");
    }
    for (int i = 0; i < vars.size(); i++) {
      interpreter.getContext().put(vars.get(i), parts.get(i));
    }
  }
}
