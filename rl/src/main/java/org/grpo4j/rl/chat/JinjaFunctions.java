package org.grpo4j.rl.chat;

/**
 * The global functions a chat template can call: transformers' {@code raise_exception(message)} and
 * {@code strftime_now(format)}, and the slice function that {@link Jinja2Syntax} writes for {@code x[a:b:c]}. Public
 * only because Jinjava calls them by reflection.
 */
public final class JinjaFunctions {

  private JinjaFunctions() {}

  /** {@code raise_exception(message)}: ends the rendering with the message. */
  public static Object raiseException(Object message) {
    throw new Raised(String.valueOf(message));
  }

  /** {@code strftime_now(format)}: the current local time in Python's strftime format. */
  public static String strftimeNow(Object format) {
    return PyStrftime.strftimeNow(format);
  }

  /** {@code sequence[start:stop:step]} with Python's rules; null parts were omitted. */
  public static Object slice(Object sequence, Object start, Object stop, Object step) {
    PySlice slice = PySlice.of(start, stop, step);
    if (sequence instanceof String s) {
      return slice.apply(s);
    }
    if (sequence instanceof java.util.List<?> list) {
      return slice.apply(list);
    }
    throw new IllegalArgumentException("cannot slice " + (sequence == null ? "an undefined value"
        : "a " + sequence.getClass().getSimpleName()) + "; expected a list or a string");
  }

  /** {@code value is [not] name(arg)} with Jinjava's test of that name ({@link Jinja2Syntax} writes these calls). */
  public static Object test(Object negated, Object name, Object value, Object arg) {
    var interpreter = com.hubspot.jinjava.interpret.JinjavaInterpreter.getCurrent();
    var test = interpreter.getContext().getExpTest(String.valueOf(name));
    if (test == null) {
      throw new IllegalArgumentException("chat template uses an unknown test 'is " + name + "'");
    }
    boolean result = Jinja2Syntax.NO_ARGUMENT.equals("'" + arg + "'") ? test.evaluate(value, interpreter)
        : test.evaluate(value, interpreter, arg);
    return Boolean.TRUE.equals(negated) != result;
  }

  /** What {@code raise_exception} throws inside Jinjava. */
  static final class Raised extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Raised(String message) {
      super(message);
    }
  }
}
