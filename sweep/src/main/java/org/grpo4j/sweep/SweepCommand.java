package org.grpo4j.sweep;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code grpo4j sweep}: a grid of {@code grpo4j train} runs as Spark tasks, with results and a report. */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
    subcommands = BroadcastCostCommand.class,
    description = {"Runs the product of a grid of grpo4j train options, each point one run under DIR/runs/<name>/, as "
        + "Spark tasks (embedded local[*] by default: one run per core). Finished runs are never run again: call "
        + "again to resume. Writes sweep.json, results.csv, report.md and PNGs.",
        "The config: {\"base\": {train options}, \"grid\": {\"option\": [values...]}, \"baseline\": \"grpo\"}."})
public final class SweepCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE.json", description = "the sweep: base options and grid")
  Path config;

  @Option(names = "--out", paramLabel = "DIR", description = "sweep directory (default ${DEFAULT-VALUE})")
  Path out = Path.of("runs", "sweep");

  @Option(names = "--engine", description = "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
  Engine.Kind engine = Engine.Kind.SPARK;

  @Option(names = "--master", description = "Spark master URL (default: spark-submit's, else "
      + SparkEngine.DEFAULT_MASTER + ")")
  String master;

  @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "a Spark setting (repeatable)")
  Map<String, String> conf = new LinkedHashMap<>();

  @Option(names = "--threads", description = "--engine threads: pool size (default: available processors)")
  Integer threads;

  @Option(names = "--baseline", description = "objective the report compares against, one the sweep runs (default: "
      + "the config's, else grpo)")
  String baseline;

  @Option(names = "--report-only", description = "run nothing; write results and report of the runs finished so far")
  boolean reportOnly;

  @Option(names = "--dry-run", description = "check the config and list the runs with their state; run nothing")
  boolean dryRun;

  @Override
  public Integer call() throws IOException {
    if (config == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--config FILE.json is required");
    }
    Engine e = engine(); // checked before the config, so a bad --master fails fast
    Sweep sweep;
    try {
      sweep = Sweep.prepare(config, out);
      if (baseline != null) {
        sweep.checkBaseline(baseline, "--baseline");
      }
    } catch (IllegalArgumentException ex) {
      throw new CommandLine.ParameterException(spec.commandLine(), ex.getMessage(), ex);
    }
    var o = spec.commandLine().getOut();
    if (dryRun) {
      RunTask task = new RunTask(out.toString());
      for (GridPoint p : sweep.points()) {
        RunOutcome r = task.recorded(p);
        o.println(p.name() + "\t" + (r == null ? "pending" : r.status() == RunOutcome.Status.DONE ? "done" : "failed"));
      }
      o.printf(Locale.ROOT, "sweep: %d runs checked; nothing run (--dry-run)%n", sweep.points().size());
      return 0;
    }
    String name = engine.name().toLowerCase(Locale.ROOT);
    if (reportOnly) {
      e = new RecordedRuns();
      name = RecordedRuns.NAME;
    } else if (e instanceof SparkEngine s) {
      s.checkReachable();
    }
    o.printf(Locale.ROOT, "sweep: %d runs on %s (%s) into %s%n", sweep.points().size(), name, e.master(), out);
    o.flush();
    List<RunOutcome> outcomes = sweep.run(e, name, baseline);
    long failed = count(outcomes, RunOutcome.Status.FAILED);
    long skipped = count(outcomes, RunOutcome.Status.SKIPPED);
    long pending = count(outcomes, RunOutcome.Status.PENDING);
    if (reportOnly) {
      o.printf(Locale.ROOT, "sweep: nothing ran (--report-only); %d finished, %d failed, %d not run; results.csv, "
          + "report.md in %s%n", skipped, failed, pending, out);
    } else {
      o.printf(Locale.ROOT, "sweep: %d ran now, %d finished before, %d failed, %d not run; results.csv, report.md "
          + "in %s%n", outcomes.size() - skipped - pending, skipped, failed, pending, out);
    }
    if (failed > 0) {
      throw new IllegalStateException(failed + " of " + outcomes.size() + " runs failed (first: "
          + outcomes.stream().filter(x -> x.status() == RunOutcome.Status.FAILED).findFirst().orElseThrow().error()
          + "); see "
          + out.resolve("sweep.json") + "; call again to retry them");
    }
    return 0;
  }

  private static long count(List<RunOutcome> outcomes, RunOutcome.Status s) {
    return outcomes.stream().filter(x -> x.status() == s).count();
  }

  private Engine engine() {
    if (engine == Engine.Kind.THREADS) {
      if (master != null || !conf.isEmpty()) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--master and --conf need --engine spark");
      }
      return new ThreadEngine(threads != null ? threads : Runtime.getRuntime().availableProcessors());
    }
    if (threads != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--threads needs --engine threads; Spark takes "
          + "its cores from --master local[N]");
    }
    try {
      // Under spark-submit, its --master arrives as the spark.master property.
      String m = master != null ? master : System.getProperty("spark.master", SparkEngine.DEFAULT_MASTER);
      return new SparkEngine(m, conf);
    } catch (IllegalArgumentException ex) {
      throw new CommandLine.ParameterException(spec.commandLine(), ex.getMessage());
    }
  }
}
