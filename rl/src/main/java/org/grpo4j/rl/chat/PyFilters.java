package org.grpo4j.rl.chat;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.AdvancedFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Jinja2 filters whose Jinjava versions differ from what transformers renders: {@code tojson} and {@code trim}. */
final class PyFilters {

  private PyFilters() {}

  /** transformers' {@code tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False)}. */
  static final class ToJson implements AdvancedFilter {
    @Override
    public String getName() {
      return "tojson";
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
      Object indent = arg(args, kwargs, 1, "indent");
      Object separators = arg(args, kwargs, 2, "separators");
      List<String> seps = null;
      if (separators instanceof List<?> l && l.size() == 2) {
        seps = new ArrayList<>();
        for (Object o : l) {
          seps.add(String.valueOf(o));
        }
      } else if (separators != null) {
        throw new IllegalArgumentException("tojson separators must be a pair of strings, got " + separators);
      }
      if (indent != null && !(indent instanceof Number)) {
        throw new IllegalArgumentException("tojson indent must be an integer, got " + indent);
      }
      return PyJson.dumps(var, indent == null ? null : ((Number) indent).intValue(), seps,
          truthy(arg(args, kwargs, 3, "sort_keys")), truthy(arg(args, kwargs, 0, "ensure_ascii")));
    }

    private static boolean truthy(Object o) {
      return o instanceof Boolean b && b;
    }

    private static Object arg(Object[] args, Map<String, Object> kwargs, int position, String name) {
      if (kwargs != null && kwargs.containsKey(name)) {
        return kwargs.get(name);
      }
      return args != null && args.length > position ? args[position] : null;
    }
  }

  /** Jinja2's {@code trim(value, chars=None)}: Python's str.strip (Jinjava's trims every control character). */
  static final class Trim implements AdvancedFilter {
    @Override
    public String getName() {
      return "trim";
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
      Object chars = kwargs != null && kwargs.containsKey("chars") ? kwargs.get("chars")
          : args != null && args.length > 0 ? args[0] : null;
      return PyStrings.strip(var == null ? "None" : var.toString(), chars == null ? null : chars.toString(), true,
          true);
    }
  }
}
