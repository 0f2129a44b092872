package org.grpo4j.sweep;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One run of a sweep: its index in the grid's product, its directory name under {@code runs/}, the grid values
 * that pick it out and every train option it runs with (values as JSON text). Serializable: Spark ships it to
 * executors.
 */
public record GridPoint(int index, String name, Map<String, String> gridValues, Map<String, String> options)
    implements Serializable {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+=-]{0,199}");

  /** Checks the name is a safe single directory name and copies the maps in order. */
  public GridPoint {
    if (index < 0) {
      throw new IllegalArgumentException("grid index " + index + " is negative");
    }
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("run name '" + name + "' is not a safe directory name; expected letters, "
          + "digits and ._+=- (at most 200)");
    }
    gridValues = Collections.unmodifiableMap(new LinkedHashMap<>(gridValues));
    options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
  }

  /** The plain value of a grid option (JSON text without the quotes of a string), or null if not swept. */
  public String plain(String option) {
    String v = gridValues.get(option);
    return v == null ? null : GridPoints.plain(v);
  }
}
