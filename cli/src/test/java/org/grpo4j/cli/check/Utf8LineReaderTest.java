package org.grpo4j.cli.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link Utf8LineReader}: the text unchanged, invalid UTF-8 named by its line. */
class Utf8LineReaderTest {
  private static String readAll(byte[] bytes) throws IOException {
    StringWriter w = new StringWriter();
    try (Reader r = new Utf8LineReader(new ByteArrayInputStream(bytes), "input")) {
      r.transferTo(w);
    }
    return w.toString();
  }

  @Test
  void passesValidTextThroughUnchanged() throws IOException {
    StringBuilder b = new StringBuilder("caf\u00e9\r\n\n");
    while (b.length() < 200_000) { // multi-byte characters across the 64 KiB read buffer's edges
      b.append("\u00e9\u20ac\uD83D\uDE00 x\n");
    }
    b.append("last line without a newline \u00e9");
    String text = b.toString();
    assertEquals(text, readAll(text.getBytes(StandardCharsets.UTF_8)));
    assertEquals("", readAll(new byte[0]));
  }

  @Test
  void namesTheLineOfInvalidBytes() {
    byte[] bad = {'o', 'k', '\n', '\n', 'a', (byte) 0xE9, 'b', '\n'};
    var e = assertThrows(IllegalArgumentException.class, () -> readAll(bad));
    assertEquals("input line 3 is not valid UTF-8", e.getMessage());
    var cut = assertThrows(IllegalArgumentException.class, () -> readAll(new byte[] {'a', (byte) 0xC3}));
    assertEquals("input line 1 is not valid UTF-8", cut.getMessage(), "a character cut at the end of the input");
  }
}
