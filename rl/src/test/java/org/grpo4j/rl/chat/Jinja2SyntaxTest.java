package org.grpo4j.rl.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The source rewrites that let Jinjava parse Jinja2: slices, keyword arguments, str methods named like Java's. */
class Jinja2SyntaxTest {

  @Test
  void slicesBecomeCallsOnTheirWholeOperand() {
    assertEquals("{% for m in __py_slice(messages, none, none, -1) %}",
        Jinja2Syntax.rewrite("{% for m in messages[::-1] %}"));
    assertEquals("{{ __py_slice(m.content.split('x'), 1, none, none)[0] }}",
        Jinja2Syntax.rewrite("{{ m.content.split('x')[1:][0] }}"));
    assertEquals("{{ not __py_slice((a + b), none, n, none) }}", Jinja2Syntax.rewrite("{{ not (a + b)[:n] }}"));
    assertEquals("{{ __py_slice(xs, __py_slice(ys, 1, none, none)|length, none, none) }}",
        Jinja2Syntax.rewrite("{{ xs[ys[1:]|length:] }}"));
  }

  @Test
  void whatIsNotASliceIsUntouched() {
    for (String s : List.of("text [a:b] {# c[1:2] #}", "{{ {'a': [1, 2]}['a'][0] }}", "{{ 'x[1:2]' }}",
        "{% raw %}{{ y[1:] }}{% endraw %}", "{{ [1, 2] }}")) {
      assertEquals(s, Jinja2Syntax.rewrite(s));
    }
  }

  @Test
  void keywordArgumentValuesAreParenthesized() {
    assertEquals("{% set ns = namespace(a=(xs|length - 1), b=(true)) %}{{ x == 1 }}",
        Jinja2Syntax.rewrite("{% set ns = namespace(a=xs|length - 1, b=true) %}{{ x == 1 }}"));
    assertEquals("{{ f(a <= b, c=(d)) }}", Jinja2Syntax.rewrite("{{ f(a <= b, c=d) }}"));
    String macro = "{% macro greet(name, punct='!') %}{{ punct }}{% endmacro %}";
    assertEquals(macro, Jinja2Syntax.rewrite(macro)); // Jinjava parses a macro's defaults itself
  }

  @Test
  void testsApplyToTheWholeOperandAndBindTighterThanNot() {
    assertEquals("{% if not __py_test(false, 'defined', date_string, '__py_no_argument') %}",
        Jinja2Syntax.rewrite("{% if not date_string is defined %}"));
    assertEquals("{{ __py_test(false, 'divisibleby', messages | length, 2) }}",
        Jinja2Syntax.rewrite("{{ messages | length is divisibleby 2 }}"));
    assertEquals("{{ __py_test(true, 'none', m['content'], '__py_no_argument') and x }}",
        Jinja2Syntax.rewrite("{{ m['content'] is not none and x }}"));
    assertEquals("{{ __py_test(false, 'equalto', m.role, 'user') }}", Jinja2Syntax.rewrite("{{ m.role is equalto('user') }}"));
  }

  @Test
  void javaNamedStrMethodsGetPythonsDefaultArgument() {
    assertEquals("{{ s.strip(none) ~ s.split(none) ~ s.strip('x') ~ s.upper() }}",
        Jinja2Syntax.rewrite("{{ s.strip() ~ s.split() ~ s.strip('x') ~ s.upper() }}"));
  }

  @Test
  void lineBreaksStayWhereTheyWere() {
    String src = "{{ a[1:\n2] }}\n{{ 'x\\ny' }}\nz";
    String out = Jinja2Syntax.rewrite(src);
    assertEquals(src.chars().filter(c -> c == '\n').count(), out.chars().filter(c -> c == '\n').count());
  }

  @Test
  void unsupportedSlicesAreNamed() {
    ChatTemplateException e = assertThrows(ChatTemplateException.class, () -> Jinja2Syntax.rewrite("{{ a[1:2, 3] }}"));
    assertTrue(e.getMessage().contains("extended slice"), e.getMessage());
  }
}
