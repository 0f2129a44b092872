package org.grpo4j.rl.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Python pieces the chat templates need, against Python itself: every slice of short lists over a grid of
 * bounds and steps, str methods on awkward strings (Unicode spaces, separators), json.dumps as transformers' tojson
 * calls it, and strftime (all recorded by chat/official/render_expected.py).
 */
class PythonSemanticsTest {

  private static final JsonNode PY = OfficialChatTemplatesTest.expected().get("python");

  private static Object plain(JsonNode n) {
    return OfficialChatTemplatesTest.JSON.convertValue(n, Object.class);
  }

  /** Numbers compare by value (Python int vs Java Long); lists element by element. */
  private static Object normalized(Object o) {
    if (o instanceof Number n && !(o instanceof Double)) {
      return n.longValue();
    }
    if (o instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(x -> out.add(normalized(x)));
      return out;
    }
    return o;
  }

  @Test
  void slicesMatchPython() {
    int n = 0;
    for (JsonNode c : PY.get("slices")) {
      PySlice s = PySlice.of(plain(c.get("start")), plain(c.get("stop")), plain(c.get("step")));
      List<?> items = (List<?>) plain(c.get("items"));
      assertEquals(plain(c.get("expected")), s.apply(items), c.toString());
      assertEquals(String.join("", ((List<?>) plain(c.get("expected"))).stream().map(String::valueOf).toList()),
          s.apply(String.join("", items.stream().map(String::valueOf).toList())), c.toString());
      n++;
    }
    assertEquals(1536, n);
    assertThrows(IllegalArgumentException.class, () -> PySlice.of(null, null, 0L).apply(List.of(1)));
  }

  @Test
  void stringMethodsMatchPython() {
    int n = 0;
    for (JsonNode c : PY.get("str_methods")) {
      Object[] args = ((List<?>) plain(c.get("args"))).toArray();
      Object got = PyStrings.call(c.get("text").asText(), c.get("method").asText(), args);
      assertEquals(normalized(plain(c.get("expected"))), normalized(got), c.toString());
      n++;
    }
    assertEquals(203, n);
  }

  @Test
  void tojsonMatchesJsonDumps() {
    PyFilters.ToJson filter = new PyFilters.ToJson();
    for (JsonNode c : PY.get("tojson")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> kwargs = (Map<String, Object>) plain(c.get("kwargs"));
      assertEquals(c.get("expected").asText(), filter.filter(plain(c.get("value")), null, new Object[0], kwargs),
          c.toString());
    }
  }

  @Test
  void strftimeMatchesPython() {
    JsonNode t = PY.get("strftime");
    var moment = LocalDateTime.parse(t.get("moment").asText()).atZone(ZoneOffset.UTC);
    for (JsonNode c : t.get("cases")) {
      assertEquals(c.get("expected").asText(), PyStrftime.format(c.get("format").asText(), moment));
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PyStrftime.format("%Q", moment));
    assertEquals(true, e.getMessage().contains("'%Q'"), e.getMessage());
  }

  @Test
  void stringLiteralEscapesDecodeAsPython() {
    assertEquals("aA\\qé\u2022\n\u0007", PyStringLiteral.decode("a\\x41\\q\\u00e9\\N{BULLET}\\n\\a"));
    assertEquals("'it\\'s\\n'", PyStringLiteral.forJinjava("'it\\x27s\\n'"));
    assertEquals("'plain'", PyStringLiteral.forJinjava("'plain'"));
  }
}
