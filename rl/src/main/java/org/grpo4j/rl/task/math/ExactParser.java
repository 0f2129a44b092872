package org.grpo4j.rl.task.math;

import java.math.BigInteger;
import org.apache.commons.math3.fraction.BigFraction;

/**
 * A recursive-descent parser of exact arithmetic ({@code + - * / ^}, parentheses, braces, {@code \frac},
 * {@code \sqrt} of perfect squares) into rationals, with explicit limits on nesting depth, literal length,
 * exponents and the size of every intermediate value, so that any input is answered in time linear in its length.
 */
final class ExactParser {
  /** Deepest nesting of signs, groups and exponents accepted. */
  static final int MAX_DEPTH = 100;
  /** Most digits in one numeric literal. */
  static final int MAX_DIGITS = 400;
  /** Largest absolute decimal exponent in scientific notation ({@code 1e400}). */
  static final int MAX_SCI_EXPONENT = 400;
  /** Largest bit length of a numerator or denominator of any value computed on the way. */
  static final int MAX_BITS = 8192;

  /** Signals that the text is not an exact number; carries no stack trace (it is control flow). */
  private static final class NotExact extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotExact() {
      super(null, null, false, false);
    }
  }

  private static final NotExact NOT_EXACT = new NotExact();

  private final String s;
  private int pos;
  private int depth;

  private ExactParser(String s) {
    this.s = s;
  }

  /**
   * The value of the arithmetic prefix of {@code s} and the index just past its last token (before any blanks),
   * or null when that prefix is not an exact number.
   */
  static Prefix parsePrefix(String s) {
    ExactParser p = new ExactParser(s);
    try {
      BigFraction v = p.expr();
      int end = p.pos;
      while (end > 0 && Character.isWhitespace(s.charAt(end - 1))) {
        end--;
      }
      return new Prefix(v, end);
    } catch (NotExact e) {
      return null;
    }
  }

  /** A parsed value and the index just past the text it came from. */
  record Prefix(BigFraction value, int end) {}

  private BigFraction expr() {
    BigFraction v = term();
    while (true) {
      char c = peek();
      if (c == '+' || c == '-') {
        pos++;
        BigFraction t = term();
        v = bounded(c == '+' ? v.add(t) : v.subtract(t));
      } else {
        return v;
      }
    }
  }

  private BigFraction term() {
    BigFraction v = unary();
    while (true) {
      char c = peek();
      if (c == '*' || c == '/') {
        pos++;
        BigFraction r = unary();
        if (c == '/' && r.getNumerator().signum() == 0) {
          throw NOT_EXACT;
        }
        v = bounded(c == '*' ? v.multiply(r) : v.divide(r));
      } else {
        return v;
      }
    }
  }

  private BigFraction unary() {
    if (++depth > MAX_DEPTH) {
      throw NOT_EXACT;
    }
    char c = peek();
    BigFraction v;
    if (c == '-') {
      pos++;
      v = unary().negate();
    } else if (c == '+') {
      pos++;
      v = unary();
    } else {
      v = power();
    }
    depth--;
    return v;
  }

  private BigFraction power() {
    BigFraction base = primary();
    if (peek() != '^') {
      return base;
    }
    pos++;
    BigFraction e = unary();
    if (!e.getDenominator().equals(BigInteger.ONE) || e.getNumerator().bitLength() > 31) {
      throw NOT_EXACT;
    }
    int n = e.getNumerator().intValue();
    long bits = (long) (base.getNumerator().bitLength() + base.getDenominator().bitLength()) * Math.abs((long) n);
    if (bits > MAX_BITS || (n < 0 && base.getNumerator().signum() == 0)) {
      throw NOT_EXACT;
    }
    BigInteger num = base.getNumerator().pow(Math.abs(n));
    BigInteger den = base.getDenominator().pow(Math.abs(n));
    return n >= 0 ? new BigFraction(num, den) : new BigFraction(den, num);
  }

  private BigFraction primary() {
    char c = peek();
    if (isDigit(c) || (c == '.' && isDigit(at(pos + 1)))) {
      return number();
    }
    if (c == '(' || c == '{') {
      pos++;
      BigFraction v = expr();
      expect(c == '(' ? ')' : '}');
      return v;
    }
    if (c == '\\') {
      return command();
    }
    throw NOT_EXACT;
  }

  private BigFraction command() {
    int start = ++pos;
    while (Character.isLetter(at(pos))) {
      pos++;
    }
    switch (s.substring(start, pos)) {
      case "frac", "dfrac", "tfrac", "cfrac" -> {
        BigFraction a = argument();
        BigFraction b = argument();
        if (b.getNumerator().signum() == 0) {
          throw NOT_EXACT;
        }
        return bounded(a.divide(b));
      }
      case "sqrt" -> {
        return sqrt(argument());
      }
      case "boxed", "text", "textbf", "mathrm", "mathbf", "mbox" -> {
        if (peek() != '{') {
          throw NOT_EXACT;
        }
        return argument();
      }
      default -> throw NOT_EXACT;
    }
  }

  /** A braced group or a single digit ({@code \frac12}). */
  private BigFraction argument() {
    char c = peek();
    if (c == '{') {
      pos++;
      BigFraction v = expr();
      expect('}');
      return v;
    }
    if (isDigit(c)) {
      pos++;
      return new BigFraction(c - '0');
    }
    throw NOT_EXACT;
  }

  private static BigFraction sqrt(BigFraction v) {
    if (v.getNumerator().signum() < 0) {
      throw NOT_EXACT;
    }
    BigInteger n = v.getNumerator().sqrt();
    BigInteger d = v.getDenominator().sqrt();
    if (!n.multiply(n).equals(v.getNumerator()) || !d.multiply(d).equals(v.getDenominator())) {
      throw NOT_EXACT;
    }
    return new BigFraction(n, d);
  }

  /** A decimal literal: digits with optional thousands separators, a fraction part and a decimal exponent. */
  private BigFraction number() {
    StringBuilder digits = new StringBuilder();
    int runStart = pos;
    while (isDigit(at(pos))) {
      pos++;
    }
    digits.append(s, runStart, pos);
    if (pos - runStart >= 1 && pos - runStart <= 3) {
      while (at(pos) == ',' && isDigit(at(pos + 1)) && isDigit(at(pos + 2)) && isDigit(at(pos + 3))
          && !isDigit(at(pos + 4))) {
        digits.append(s, pos + 1, pos + 4);
        pos += 4;
      }
    }
    int scale = 0;
    if (at(pos) == '.' && isDigit(at(pos + 1))) {
      int f = ++pos;
      while (isDigit(at(pos))) {
        pos++;
      }
      digits.append(s, f, pos);
      scale = pos - f;
    }
    if (digits.length() > MAX_DIGITS) {
      throw NOT_EXACT;
    }
    int exp = sciExponent();
    BigInteger n = digits.length() == 0 ? BigInteger.ZERO : new BigInteger(digits.toString());
    int shift = exp - scale;
    BigInteger ten = BigInteger.TEN.pow(Math.abs(shift));
    return shift >= 0 ? bounded(new BigFraction(n.multiply(ten))) : new BigFraction(n, ten);
  }

  /** The exponent of {@code e5}, {@code E-3} after a literal, or 0 when none follows. */
  private int sciExponent() {
    char c = at(pos);
    if (c != 'e' && c != 'E') {
      return 0;
    }
    int p = pos + 1;
    int sign = 1;
    if (at(p) == '+' || at(p) == '-') {
      sign = at(p) == '-' ? -1 : 1;
      p++;
    }
    if (!isDigit(at(p))) {
      return 0;
    }
    int value = 0;
    while (isDigit(at(p))) {
      value = value * 10 + (at(p) - '0');
      if (value > MAX_SCI_EXPONENT) {
        throw NOT_EXACT;
      }
      p++;
    }
    pos = p;
    return sign * value;
  }

  private static BigFraction bounded(BigFraction v) {
    if (v.getNumerator().bitLength() > MAX_BITS || v.getDenominator().bitLength() > MAX_BITS) {
      throw NOT_EXACT;
    }
    return v;
  }

  private void expect(char c) {
    if (peek() != c) {
      throw NOT_EXACT;
    }
    pos++;
  }

  /** The next non-blank character (skipping it), or 0 at the end. */
  private char peek() {
    while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
      pos++;
    }
    return at(pos);
  }

  private char at(int i) {
    return i < s.length() ? s.charAt(i) : 0;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
