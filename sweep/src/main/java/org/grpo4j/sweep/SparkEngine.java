package org.grpo4j.sweep;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Runs each point as one Spark task (one partition per point, one core per task) on {@code master}: an embedded
 * {@code local[*]} session by default, or a cluster whose executors share the sweep directory.
 */
public record SparkEngine(String master, Map<String, String> conf) implements Engine {
  /** The master used when none is given: an embedded session on every core of this machine. */
  public static final String DEFAULT_MASTER = "local[*]";
  private static final Pattern LOCAL = Pattern.compile("local(\\[(\\*|[1-9][0-9]*)(,[1-9][0-9]*)?])?");
  private static final Pattern STANDALONE = Pattern.compile("spark://([^:/,]+:[0-9]{1,5})(,[^:/,]+:[0-9]{1,5})*");
  private static final int CONNECT_TIMEOUT_MS = 3000;

  static {
    quietLogs();
  }

  /**
   * Spark's start-up notes (loopback host name, no native Hadoop) and a local broadcast's removal notes say nothing
   * to a grpo4j user; errors still show. Call before the first Spark class logs.
   */
  static void quietLogs() {
    for (String quiet : new String[] {"org.apache.spark.util.Utils", "org.apache.hadoop.util.NativeCodeLoader",
        "org.apache.spark.storage.BlockManager"}) {
      String key = "org.slf4j.simpleLogger.log." + quiet;
      if (System.getProperty(key) == null) {
        System.setProperty(key, "error");
      }
    }
  }

  /** Checks the master URL's form and copies the settings. */
  public SparkEngine {
    if (master == null || !(LOCAL.matcher(master).matches() || STANDALONE.matcher(master).matches()
        || master.equals("yarn") || master.startsWith("k8s://"))) {
      throw new IllegalArgumentException("--master " + master + " is not a Spark master URL; expected local[*], "
          + "local[N], spark://HOST:PORT, yarn or k8s://HOST:PORT");
    }
    conf = Collections.unmodifiableMap(new LinkedHashMap<>(conf));
  }

  /** True for an embedded session in this JVM. */
  public boolean local() {
    return LOCAL.matcher(master).matches();
  }

  /** Fails with a one-line reason when a standalone master does not answer (before any run is touched). */
  public void checkReachable() {
    if (!master.startsWith("spark://")) {
      return;
    }
    List<String> errors = new ArrayList<>();
    for (String hostPort : master.substring("spark://".length()).split(",")) {
      int colon = hostPort.lastIndexOf(':');
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))),
            CONNECT_TIMEOUT_MS);
        return;
      } catch (IOException | IllegalArgumentException e) {
        errors.add(hostPort + " (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
      }
    }
    throw new IllegalStateException("cannot reach Spark master " + master + ": " + String.join(", ", errors)
        + "; start the master, or drop --master to run on the embedded local[*] session");
  }

  @Override
  public List<RunOutcome> run(List<GridPoint> points, RunTask task) {
    checkReachable();
    SparkConf c = new SparkConf().setAppName("grpo4j sweep").setMaster(master); // also reads spark-submit's spark.*
    c.setIfMissing("spark.ui.enabled", "false").setIfMissing("spark.ui.showConsoleProgress", "false");
    conf.forEach(c::set);
    if (local()) {
      c.setIfMissing("spark.driver.host", "127.0.0.1").setIfMissing("spark.driver.bindAddress", "127.0.0.1");
    } else {
      if (!c.contains("spark.jars")) {
        c.set("spark.jars", classPathJars()); // executors need grpo4j's classes; spark-submit sets this itself
      }
      executorEnv(System.getenv()).forEach(c::setIfMissing);
    }
    long t0 = System.nanoTime();
    JavaSparkContext sc = new JavaSparkContext(c);
    long t1 = System.nanoTime();
    List<RunOutcome> out;
    try {
      sc.setLogLevel("WARN");
      out = new ArrayList<>(sc.parallelize(points, Math.max(1, points.size())).map(task::run).collect());
    } finally {
      long t2 = System.nanoTime();
      sc.close();
      System.err.printf(java.util.Locale.ROOT, "sweep: Spark %s started in %.1f s, stopped in %.1f s%n", master,
          (t1 - t0) / 1e9, (System.nanoTime() - t2) / 1e9);
    }
    return out;
  }

  /**
   * The launcher's malloc settings for a cluster's executors, whose JVMs Spark's workers start without ./grpo4j:
   * {@code spark.executorEnv.GLIBC_TUNABLES} from this process's {@code GLIBC_TUNABLES} (bin/malloc-env.sh). The
   * OpenBLAS core is not passed on: an executor's CPU may lack the driver's AVX-512, and OpenBLAS stops on an
   * illegal instruction when told to run kernels the CPU does not have.
   */
  static Map<String, String> executorEnv(Map<String, String> env) {
    String tunables = env.get("GLIBC_TUNABLES");
    return tunables == null || tunables.isBlank() ? Map.of() : Map.of("spark.executorEnv.GLIBC_TUNABLES", tunables);
  }

  private static String classPathJars() {
    List<String> jars = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (e.endsWith(".jar")) {
        jars.add(new File(e).toURI().toString());
      }
    }
    return String.join(",", jars);
  }
}
