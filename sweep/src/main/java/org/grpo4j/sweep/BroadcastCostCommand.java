package org.grpo4j.sweep;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code grpo4j sweep broadcast-cost}: times what shipping a policy's weights to executors each iteration costs at
 * real sizes: packing the float32 weights into bytes, Java-serializing them, and a Spark broadcast on a local
 * session (creating it, and reading it from two tasks). Wire time is estimated from the bytes, not measured.
 */
@Command(name = "broadcast-cost", mixinStandardHelpOptions = true,
    description = "Times serializing and broadcasting random float32 weights of GPT-2 small and Qwen2.5-0.5B size.")
public final class BroadcastCostCommand implements Callable<Integer> {
  @Option(names = "--sizes", split = ",", description = "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
  List<ModelSize> sizes = List.of(ModelSize.GPT2_SMALL, ModelSize.QWEN_0_5B);

  @Option(names = "--repeats", description = "timed repetitions, the median reported (default ${DEFAULT-VALUE})")
  int repeats = 3;

  @Option(names = "--master", description = "local Spark master (default ${DEFAULT-VALUE})")
  String master = "local[2]";

  @Override
  public Integer call() throws IOException {
    if (repeats < 1 || repeats > 20) {
      throw new IllegalArgumentException("--repeats " + repeats + " must be in 1..20");
    }
    SparkEngine.quietLogs();
    SparkConf c = new SparkConf().setAppName("grpo4j broadcast-cost").setMaster(new SparkEngine(master,
        java.util.Map.of()).master()).set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1");
    System.out.println("| size | parameters | bytes (float32) | pack to bytes | Java serialization | Spark broadcast "
        + "create | first read by 2 tasks | wire at 10 Gb/s (estimate) |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    try (JavaSparkContext sc = new JavaSparkContext(c)) {
      sc.setLogLevel("WARN");
      for (ModelSize size : sizes) {
        LinkedHashMap<String, float[]> w = size.randomWeights(1);
        long bytes = 4 * size.parameters();
        double[] pack = new double[repeats];
        double[] ser = new double[repeats];
        double[] create = new double[repeats];
        double[] read = new double[repeats];
        for (int r = 0; r < repeats; r++) {
          long t0 = System.nanoTime();
          long sum = 0;
          for (float[] a : w.values()) {
            ByteBuffer b = ByteBuffer.allocate(4 * a.length).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(a);
            sum += b.get(0);
          }
          pack[r] = (System.nanoTime() - t0) / 1e9 + (sum == Long.MIN_VALUE ? 1 : 0);
          t0 = System.nanoTime();
          try (ObjectOutputStream o = new ObjectOutputStream(OutputStream.nullOutputStream())) {
            o.writeObject(w);
          }
          ser[r] = (System.nanoTime() - t0) / 1e9;
          t0 = System.nanoTime();
          Broadcast<LinkedHashMap<String, float[]>> b = sc.broadcast(w);
          create[r] = (System.nanoTime() - t0) / 1e9;
          t0 = System.nanoTime();
          long n = sc.parallelize(List.of(0, 1), 2).map(i -> b.value().size()).reduce(Integer::sum);
          read[r] = (System.nanoTime() - t0) / 1e9 + (n < 0 ? 1 : 0);
          b.destroy();
        }
        System.out.printf(Locale.ROOT, "| %s | %,d | %.2f GB | %.2f s | %.2f s | %.2f s | %.2f s | %.2f s |%n",
            size.name().toLowerCase(Locale.ROOT), size.parameters(), bytes / 1e9, median(pack), median(ser),
            median(create), median(read), bytes * 8 / 10e9);
        w.clear();
      }
    }
    return 0;
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    java.util.Arrays.sort(s);
    return s[s.length / 2];
  }
}
