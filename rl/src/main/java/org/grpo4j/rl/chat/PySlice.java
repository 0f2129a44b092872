package org.grpo4j.rl.chat;

import java.util.ArrayList;
import java.util.List;

/**
 * A Python slice {@code [start:stop:step]} (null parts are omitted ones), applied with Python's rules: negative
 * positions count from the end, out-of-range bounds clamp, a negative step walks backwards, a zero step is an error.
 */
record PySlice(Long start, Long stop, Long step) {

  /** The template function that Jinja2Syntax writes in place of slice syntax. */
  static PySlice of(Object start, Object stop, Object step) {
    return new PySlice(index(start, "start"), index(stop, "stop"), index(step, "step"));
  }

  private static Long index(Object o, String part) {
    if (o == null) {
      return null;
    }
    if (o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte) {
      return ((Number) o).longValue();
    }
    throw new IllegalArgumentException("slice " + part + " must be an integer or none, got " + o + " ("
        + o.getClass().getSimpleName() + ")");
  }

  /** The positions this slice selects in a sequence of {@code length} items, in order. */
  int[] positions(int length) {
    long st = step == null ? 1 : step;
    if (st == 0) {
      throw new IllegalArgumentException("slice step cannot be zero");
    }
    long lo;
    long hi;
    if (st > 0) {
      lo = start == null ? 0 : clamp(start, length, 0, length);
      hi = stop == null ? length : clamp(stop, length, 0, length);
    } else {
      lo = start == null ? length - 1 : clamp(start, length, -1, length - 1);
      hi = stop == null ? -1 : clamp(stop, length, -1, length - 1);
    }
    List<Integer> out = new ArrayList<>();
    for (long i = lo; st > 0 ? i < hi : i > hi; i += st) {
      out.add((int) i);
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  private static long clamp(long bound, int length, long min, long max) {
    long b = bound < 0 ? bound + length : bound;
    return Math.max(min, Math.min(max, b));
  }

  /** The selected items of a list, as a new list. */
  List<Object> apply(List<?> items) {
    List<Object> out = new ArrayList<>();
    for (int i : positions(items.size())) {
      out.add(items.get(i));
    }
    return out;
  }

  /** The selected characters (code points, as in Python) of a string. */
  String apply(String s) {
    int[] cps = s.codePoints().toArray();
    StringBuilder out = new StringBuilder();
    for (int i : positions(cps.length)) {
      out.appendCodePoint(cps[i]);
    }
    return out.toString();
  }
}
