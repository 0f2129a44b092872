package org.grpo4j.sweep;

import java.util.List;

/** Runs the points of a sweep and returns their outcomes in point order. */
public interface Engine {
  /** The engines {@code --engine} names. */
  enum Kind {
    /** Apache Spark: embedded local[*] by default, or any master URL. */
    SPARK,
    /** A plain thread pool in this JVM (the baseline Spark's overhead is measured against). */
    THREADS
  }

  /** Runs every point with {@code task}; a failing run is an outcome, never an exception. */
  List<RunOutcome> run(List<GridPoint> points, RunTask task);

  /** What sweep.json records as the master (a Spark URL, or {@code threads[N]}). */
  String master();
}
