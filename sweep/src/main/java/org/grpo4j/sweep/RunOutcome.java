package org.grpo4j.sweep;

import java.io.Serializable;

/** What became of one run: finished now, finished before (skipped), or failed with its one-line error. */
public record RunOutcome(String name, Status status, String error, double seconds) implements Serializable {
  /** The state of a run. */
  public enum Status {
    /** Trained to the end in this call. */
    DONE,
    /** Had finished in an earlier call; not run again. */
    SKIPPED,
    /** Stopped with an error; the next call tries it again. */
    FAILED,
    /** Not run yet (only {@code --report-only} leaves runs so). */
    PENDING
  }

  /** Checks a failure carries its error and the time is a non-negative number. */
  public RunOutcome {
    if (name == null || status == null) {
      throw new IllegalArgumentException("a run outcome needs a name and a status");
    }
    if (status == Status.FAILED && (error == null || error.isBlank())) {
      throw new IllegalArgumentException("failed run " + name + " has no error text");
    }
    if (!(seconds >= 0)) {
      throw new IllegalArgumentException("run " + name + " took " + seconds + " s; expected >= 0");
    }
  }

  /** True when the run has finished (now or before). */
  public boolean finished() {
    return status == Status.DONE || status == Status.SKIPPED;
  }
}
