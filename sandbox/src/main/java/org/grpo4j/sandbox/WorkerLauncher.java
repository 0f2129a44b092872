package org.grpo4j.sandbox;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.mozilla.javascript.Context;

/** Builds the command line of a worker JVM: this JVM's {@code java}, a small heap, and only the jars a worker needs. */
final class WorkerLauncher {
  private WorkerLauncher() {}

  static List<String> command(PoolConfig config) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + config.heapMb() + "m");
    cmd.add("-Xss1m");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:-UsePerfData"); // no hsperfdata file
    cmd.add("-XX:TieredStopAtLevel=1");
    if (File.separatorChar == '/') {
      cmd.add("-XX:ErrorFile=/dev/null"); // a native crash leaves no hs_err file behind
    }
    cmd.add("-Dfile.encoding=UTF-8");
    cmd.add("-cp");
    cmd.add(classpath());
    cmd.add(Worker.class.getName());
    return cmd;
  }

  /** The code sources of the sandbox, Rhino and Jackson; this JVM's class path if one is unknown. */
  static String classpath() {
    Set<String> parts = new LinkedHashSet<>();
    for (Class<?> c : new Class<?>[] {Worker.class, Context.class, ObjectMapper.class, JsonFactory.class,
        JsonAutoDetect.class}) {
      CodeSource src = c.getProtectionDomain().getCodeSource();
      URL url = src == null ? null : src.getLocation();
      if (url == null) {
        return System.getProperty("java.class.path");
      }
      try {
        parts.add(Path.of(url.toURI()).toString());
      } catch (URISyntaxException | IllegalArgumentException e) {
        return System.getProperty("java.class.path");
      }
    }
    return String.join(File.pathSeparator, parts);
  }
}
