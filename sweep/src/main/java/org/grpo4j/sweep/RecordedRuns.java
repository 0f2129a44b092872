package org.grpo4j.sweep;

import java.util.List;

/** Runs nothing: the outcome of each point as its run directory recorded it ({@code --report-only}). */
public record RecordedRuns() implements Engine {
  /** The engine name sweep.json records for a report-only call. */
  public static final String NAME = "none";

  @Override
  public List<RunOutcome> run(List<GridPoint> points, RunTask task) {
    return points.stream().map(p -> {
      RunOutcome r = task.recorded(p);
      if (r == null) {
        return new RunOutcome(p.name(), RunOutcome.Status.PENDING, null, 0);
      }
      return r.status() == RunOutcome.Status.DONE
          ? new RunOutcome(p.name(), RunOutcome.Status.SKIPPED, null, r.seconds()) : r;
    }).toList();
  }

  @Override
  public String master() {
    return "-";
  }
}
