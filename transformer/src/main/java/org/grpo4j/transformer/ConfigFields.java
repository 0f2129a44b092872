package org.grpo4j.transformer;

import com.fasterxml.jackson.databind.JsonNode;

/** Typed reads of a {@code config.json} object: each wrong type is an error naming the field and the source. */
final class ConfigFields {
  private final JsonNode n;
  private final String source;

  ConfigFields(JsonNode n, String source) {
    this.n = n;
    this.source = source;
  }

  /** A required int field. */
  int integer(String name) {
    JsonNode v = n.get(name);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
      throw bad("field '" + name + "' is missing or not an integer (got " + (v == null ? "nothing" : v.toString())
          + (v != null && v.isIntegralNumber() ? ", beyond 2^31 - 1" : "") + ")");
    }
    return v.asInt();
  }

  /** A number field, {@code absent} when missing or null. */
  double number(String name, double absent) {
    JsonNode v = n.get(name);
    if (v == null || v.isNull()) {
      return absent;
    }
    if (!v.isNumber()) {
      throw bad("field '" + name + "' is " + v + ", not a number");
    }
    return v.asDouble();
  }

  /** A string field, {@code absent} when missing; null is an error. */
  String text(String name, String absent) {
    JsonNode v = n.get(name);
    if (v == null) {
      return absent;
    }
    return checkedText(name, v);
  }

  /** A string field, {@code absent} when missing or null. */
  String optionalText(String name, String absent) {
    JsonNode v = n.get(name);
    return v == null || v.isNull() ? absent : checkedText(name, v);
  }

  private String checkedText(String name, JsonNode v) {
    if (!v.isTextual()) {
      throw bad("field '" + name + "' is " + v + ", not a string");
    }
    return v.asText();
  }

  /** A boolean field, or null when missing or null. */
  Boolean flag(String name) {
    JsonNode v = n.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isBoolean()) {
      throw bad("field '" + name + "' is " + v + ", not true or false");
    }
    return v.asBoolean();
  }

  /** Refuses a boolean field set to anything but {@code supported}; {@code meaning} says what is supported. */
  void require(String name, boolean supported, String meaning) {
    Boolean v = flag(name);
    if (v != null && v != supported) {
      throw bad(name + " " + v + " is not supported (expected " + supported + ": " + meaning + ")");
    }
  }

  /** An error naming the source. */
  IllegalArgumentException bad(String what) {
    return new IllegalArgumentException(source + ": " + what);
  }
}
