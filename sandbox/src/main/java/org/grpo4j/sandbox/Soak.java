package org.grpo4j.sandbox;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A soak run: many programs, a third of them hostile, through one pool; checks that every program gets a result with
 * an expected status and that no worker process outlives the pool. {@code java -cp ... org.grpo4j.sandbox.Soak
 * [programs] [workers]} prints the counts and exits 1 on a failure.
 */
public final class Soak {
  /** What a soak run found: programs, results, unexpected results, statuses, child processes after close, seconds. */
  public record Report(int programs, int results, List<String> unexpected, Map<Status, Integer> statuses,
      long childrenAfterClose, double seconds) {
    /** Copies the lists and maps. */
    public Report {
      unexpected = List.copyOf(unexpected);
      statuses = Map.copyOf(statuses);
    }

    /** Whether nothing was lost, nothing unexpected happened and no worker leaked. */
    public boolean ok() {
      return results == programs && unexpected.isEmpty() && childrenAfterClose == 0;
    }
  }

  private Soak() {}

  /** Runs the soak: args are the number of programs (default 10000) and workers (default: cores). */
  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int workers = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
    Report r = run(n, PoolConfig.defaults().withWorkers(workers));
    System.out.printf("soak: %d programs, %d results in %.1f s (%.0f/s); statuses %s; unexpected %d; "
            + "worker processes left after close %d%n", r.programs(), r.results(), r.seconds(),
        r.programs() / r.seconds(), r.statuses(), r.unexpected().size(), r.childrenAfterClose());
    r.unexpected().stream().limit(20).forEach(u -> System.out.println("  unexpected: " + u));
    System.exit(r.ok() ? 0 : 1);
  }

  /** Soak limits: tight, so that hostile programs end fast. */
  public static Limits limits() {
    return new Limits(2_000_000L, 1_000L, 500, 4096, 64);
  }

  /** Runs {@code n} programs (every third one hostile) through a new pool with {@code config}. */
  public static Report run(int n, PoolConfig config) {
    List<Attacks.Attack> attacks = Attacks.all();
    List<Program> programs = new ArrayList<>(n);
    List<Set<Status>> expected = new ArrayList<>(n);
    List<String> names = new ArrayList<>(n);
    List<Program> benign = Throughput.programs(n, 0);
    for (int i = 0; i < n; i++) {
      if (i % 3 == 2) {
        Attacks.Attack a = attacks.get((i / 3) % attacks.size());
        programs.add(new Program(a.source(), new TestSpec.Script(""), limits(), i));
        expected.add(a.expected());
        names.add(a.name());
      } else {
        Program b = benign.get(i);
        programs.add(new Program(b.source(), b.tests(), limits(), i));
        expected.add(Set.of(Status.PASSED));
        names.add("benign");
      }
    }
    long t0 = System.nanoTime();
    List<SandboxResult> results;
    try (SandboxPool pool = new SandboxPool(config)) {
      results = pool.runAll(programs);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    List<String> unexpected = new ArrayList<>();
    Map<Status, Integer> statuses = new EnumMap<>(Status.class);
    for (int i = 0; i < results.size(); i++) {
      SandboxResult r = results.get(i);
      statuses.merge(r.status(), 1, Integer::sum);
      if (!expected.get(i).contains(r.status())) {
        unexpected.add("program " + i + " (" + names.get(i) + "): " + r.status().word() + " " + r.message()
            + ", expected one of " + expected.get(i));
      }
    }
    long children = ProcessHandle.current().children().filter(p -> p.info().command().orElse("").contains("java"))
        .count();
    return new Report(n, results.size(), unexpected, statuses, children, seconds);
  }
}
