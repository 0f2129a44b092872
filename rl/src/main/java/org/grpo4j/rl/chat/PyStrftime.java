package org.grpo4j.rl.chat;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * The template function {@code strftime_now(format)} that transformers provides (Llama 3.1+ templates print today's
 * date with it): the current time in the system time zone, from Jinjava's date-time provider, formatted with
 * Python's strftime directives in the C locale.
 */
final class PyStrftime {

  private PyStrftime() {}

  /** {@code strftime_now(format)}. */
  static String strftimeNow(Object format) {
    long millis = JinjavaInterpreter.getCurrentMaybe().map(i -> i.getConfig().getDateTimeProvider()
        .getCurrentTimeMillis()).orElseGet(System::currentTimeMillis);
    return format(String.valueOf(format), ZonedDateTime.ofInstant(Instant.ofEpochMilli(millis),
        ZoneId.systemDefault()));
  }

  /** Python's {@code t.strftime(format)} for the directives %a %A %b %B %d %-d %H %I %j %m %M %p %S %y %Y %%. */
  static String format(String format, ZonedDateTime t) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < format.length(); i++) {
      char c = format.charAt(i);
      if (c != '%') {
        out.append(c);
        continue;
      }
      if (i + 1 >= format.length()) {
        throw new IllegalArgumentException("strftime format '" + format + "' ends with a lone %");
      }
      char d = format.charAt(++i);
      boolean unpadded = d == '-' && i + 1 < format.length();
      if (unpadded) {
        d = format.charAt(++i);
      }
      String v = switch (d) {
        case 'a' -> t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
        case 'A' -> t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
        case 'b' -> t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
        case 'B' -> t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
        case 'd' -> pad(t.getDayOfMonth(), 2, unpadded);
        case 'H' -> pad(t.getHour(), 2, unpadded);
        case 'I' -> pad(t.getHour() % 12 == 0 ? 12 : t.getHour() % 12, 2, unpadded);
        case 'j' -> pad(t.getDayOfYear(), 3, unpadded);
        case 'm' -> pad(t.getMonthValue(), 2, unpadded);
        case 'M' -> pad(t.getMinute(), 2, unpadded);
        case 'p' -> t.getHour() < 12 ? "AM" : "PM";
        case 'S' -> pad(t.getSecond(), 2, unpadded);
        case 'y' -> pad(t.getYear() % 100, 2, unpadded);
        case 'Y' -> Integer.toString(t.getYear());
        case '%' -> "%";
        default -> throw new IllegalArgumentException("strftime directive '%" + (unpadded ? "-" : "") + d
            + "' is not supported; supported: %a %A %b %B %d %H %I %j %m %M %p %S %y %Y %% (and %-d style)");
      };
      out.append(v);
    }
    return out.toString();
  }

  private static String pad(int v, int width, boolean unpadded) {
    String s = Integer.toString(v);
    return unpadded ? s : "0".repeat(Math.max(0, width - s.length())) + s;
  }
}
