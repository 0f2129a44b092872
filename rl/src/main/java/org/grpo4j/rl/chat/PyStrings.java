package org.grpo4j.rl.chat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** Python's str methods that chat templates call ({@code .startswith}, {@code .strip}, {@code .split}, ...). */
final class PyStrings {

  /** The method names provided; any other call on a string is left to Jinjava (and usually fails). */
  static final List<String> METHODS = List.of("startswith", "endswith", "strip", "lstrip", "rstrip", "split",
      "rsplit", "upper", "lower", "capitalize", "title", "replace", "find", "rfind", "count", "join", "isdigit",
      "isspace", "isalpha", "isalnum", "isupper", "islower");

  private PyStrings() {}

  /** Python's str.isspace for one code point: space separators plus the ASCII and Unicode line/segment breaks. */
  static boolean isSpace(int c) {
    return Character.getType(c) == Character.SPACE_SEPARATOR || c >= 0x09 && c <= 0x0d || c >= 0x1c && c <= 0x1f
        || c == 0x85 || c == 0x2028 || c == 0x2029;
  }

  /** Calls {@code s.method(args)} with Python's semantics. */
  static Object call(String s, String method, Object[] args) {
    switch (method) {
      case "startswith":
        return affix(s, args, method, true);
      case "endswith":
        return affix(s, args, method, false);
      case "strip":
        return strip(s, chars(args, method), true, true);
      case "lstrip":
        return strip(s, chars(args, method), true, false);
      case "rstrip":
        return strip(s, chars(args, method), false, true);
      case "split":
        return split(s, args.length > 0 ? args[0] : null, maxsplit(args, method));
      case "rsplit":
        return rsplit(s, args.length > 0 ? args[0] : null, maxsplit(args, method));
      case "upper":
        return s.toUpperCase(Locale.ROOT);
      case "lower":
        return s.toLowerCase(Locale.ROOT);
      case "capitalize":
        return s.isEmpty() ? s : s.substring(0, s.offsetByCodePoints(0, 1)).toUpperCase(Locale.ROOT)
            + s.substring(s.offsetByCodePoints(0, 1)).toLowerCase(Locale.ROOT);
      case "title":
        return title(s);
      case "replace":
        return replace(s, string(arg(args, 0, method), method), string(arg(args, 1, method), method),
            args.length > 2 ? integer(args[2], method) : -1);
      case "find":
        return (long) codePointIndex(s, s.indexOf(string(arg(args, 0, method), method)));
      case "rfind":
        return (long) codePointIndex(s, s.lastIndexOf(string(arg(args, 0, method), method)));
      case "count":
        return count(s, string(arg(args, 0, method), method));
      case "join":
        return join(s, arg(args, 0, method));
      case "isdigit":
        return !s.isEmpty() && s.codePoints().allMatch(Character::isDigit);
      case "isspace":
        return !s.isEmpty() && s.codePoints().allMatch(PyStrings::isSpace);
      case "isalpha":
        return !s.isEmpty() && s.codePoints().allMatch(Character::isLetter);
      case "isalnum":
        return !s.isEmpty() && s.codePoints().allMatch(Character::isLetterOrDigit);
      case "isupper":
        return s.codePoints().anyMatch(Character::isLetter) && s.equals(s.toUpperCase(Locale.ROOT));
      case "islower":
        return s.codePoints().anyMatch(Character::isLetter) && s.equals(s.toLowerCase(Locale.ROOT));
      default:
        throw new IllegalArgumentException("str has no method '" + method + "'; supported: " + METHODS);
    }
  }

  private static Object arg(Object[] args, int i, String method) {
    if (args.length <= i) {
      throw new IllegalArgumentException("str." + method + "() is missing argument " + (i + 1));
    }
    return args[i];
  }

  private static String string(Object o, String method) {
    if (o instanceof String s) {
      return s;
    }
    throw new IllegalArgumentException("str." + method + "() expects a string argument, got " + o);
  }

  private static long integer(Object o, String method) {
    if (o instanceof Long || o instanceof Integer) {
      return ((Number) o).longValue();
    }
    throw new IllegalArgumentException("str." + method + "() expects an integer argument, got " + o);
  }

  private static String chars(Object[] args, String method) {
    return args.length == 0 || args[0] == null ? null : string(args[0], method);
  }

  private static long maxsplit(Object[] args, String method) {
    return args.length > 1 ? integer(args[1], method) : -1;
  }

  private static boolean affix(String s, Object[] args, String method, boolean prefix) {
    Object a = arg(args, 0, method);
    List<String> options = new ArrayList<>();
    if (a instanceof String one) {
      options.add(one);
    } else if (a instanceof Collection<?> many) {
      for (Object o : many) {
        options.add(string(o, method));
      }
    } else {
      throw new IllegalArgumentException("str." + method + "() expects a string or a tuple of strings, got " + a);
    }
    for (String o : options) {
      if (prefix ? s.startsWith(o) : s.endsWith(o)) {
        return true;
      }
    }
    return false;
  }

  /** str.strip/lstrip/rstrip: whitespace when {@code chars} is null, else any code point of {@code chars}. */
  static String strip(String s, String chars, boolean left, boolean right) {
    int[] cps = s.codePoints().toArray();
    int lo = 0;
    int hi = cps.length;
    while (left && lo < hi && stripped(cps[lo], chars)) {
      lo++;
    }
    while (right && hi > lo && stripped(cps[hi - 1], chars)) {
      hi--;
    }
    return new String(cps, lo, hi - lo);
  }

  private static boolean stripped(int c, String chars) {
    return chars == null ? isSpace(c) : chars.codePoints().anyMatch(x -> x == c);
  }

  private static List<String> split(String s, Object sep, long maxsplit) {
    List<String> out = new ArrayList<>();
    if (sep == null) {
      int[] cps = s.codePoints().toArray();
      int i = 0;
      while (true) {
        while (i < cps.length && isSpace(cps[i])) {
          i++;
        }
        if (i == cps.length) {
          return out;
        }
        if (maxsplit >= 0 && out.size() == maxsplit) { // the rest, trailing whitespace kept, as in Python
          out.add(new String(cps, i, cps.length - i));
          return out;
        }
        int j = i;
        while (j < cps.length && !isSpace(cps[j])) {
          j++;
        }
        out.add(new String(cps, i, j - i));
        i = j;
      }
    }
    String d = string(sep, "split");
    if (d.isEmpty()) {
      throw new IllegalArgumentException("str.split() separator is empty");
    }
    int from = 0;
    while (maxsplit < 0 || out.size() < maxsplit) {
      int at = s.indexOf(d, from);
      if (at < 0) {
        break;
      }
      out.add(s.substring(from, at));
      from = at + d.length();
    }
    out.add(s.substring(from));
    return out;
  }

  private static List<String> rsplit(String s, Object sep, long maxsplit) {
    if (sep == null || maxsplit < 0) {
      if (sep == null && maxsplit >= 0) {
        throw new IllegalArgumentException("str.rsplit() on whitespace with maxsplit is not supported");
      }
      return split(s, sep, -1);
    }
    String d = string(sep, "rsplit");
    if (d.isEmpty()) {
      throw new IllegalArgumentException("str.rsplit() separator is empty");
    }
    List<String> out = new ArrayList<>();
    int to = s.length();
    while (out.size() < maxsplit) {
      int at = s.lastIndexOf(d, to - d.length());
      if (at < 0) {
        break;
      }
      out.add(0, s.substring(at + d.length(), to));
      to = at;
    }
    out.add(0, s.substring(0, to));
    return out;
  }

  private static String title(String s) {
    StringBuilder out = new StringBuilder();
    boolean previousCased = false;
    for (int c : s.codePoints().toArray()) {
      boolean cased = Character.isLetter(c);
      out.appendCodePoint(cased ? (previousCased ? Character.toLowerCase(c) : Character.toTitleCase(c)) : c);
      previousCased = cased;
    }
    return out.toString();
  }

  private static String replace(String s, String old, String with, long count) {
    if (count < 0) {
      return s.replace(old, with);
    }
    StringBuilder out = new StringBuilder();
    int from = 0;
    long done = 0;
    if (old.isEmpty()) {
      int[] cps = s.codePoints().toArray();
      for (int i = 0; i <= cps.length; i++) {
        if (done < count) {
          out.append(with);
          done++;
        }
        if (i < cps.length) {
          out.appendCodePoint(cps[i]);
        }
      }
      return out.toString();
    }
    while (done < count) {
      int at = s.indexOf(old, from);
      if (at < 0) {
        break;
      }
      out.append(s, from, at).append(with);
      from = at + old.length();
      done++;
    }
    return out.append(s.substring(from)).toString();
  }

  private static int codePointIndex(String s, int charIndex) {
    return charIndex < 0 ? -1 : s.codePointCount(0, charIndex);
  }

  private static long count(String s, String sub) {
    if (sub.isEmpty()) {
      return s.codePointCount(0, s.length()) + 1L;
    }
    long n = 0;
    for (int at = s.indexOf(sub); at >= 0; at = s.indexOf(sub, at + sub.length())) {
      n++;
    }
    return n;
  }

  private static String join(String sep, Object items) {
    if (items instanceof String s) {
      return String.join(sep, s.codePoints().mapToObj(Character::toString).toList());
    }
    if (!(items instanceof Iterable<?> it)) {
      throw new IllegalArgumentException("str.join() expects an iterable of strings, got " + items);
    }
    List<String> parts = new ArrayList<>();
    for (Object o : it) {
      parts.add(string(o, "join"));
    }
    return String.join(sep, parts);
  }
}
