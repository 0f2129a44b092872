package org.grpo4j.autograd;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.File;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every catalogued op agrees with central finite differences in float64 on random shapes and values. */
class OpGradientPropertyTest {
  private static final int EXAMPLES = System.getenv("CI") != null ? 15 : 30;

  @TestFactory
  Stream<DynamicTest> everyOpMatchesFiniteDifferences() {
    return OpCatalogue.ENTRIES.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey().getSimpleName(),
        () -> qt().withExamples(EXAMPLES).withFixedSeed(e.getKey().getSimpleName().hashCode())
            .forAll(longs().all())
            .checkAssert(seed -> {
              OpCatalogue.Problem p = e.getValue().make(new SplittableRandom(seed));
              GradCheck.Result res = GradCheck.check(p.f(), p.inputs(), p.diff(), GradCheck.Options.defaults(seed));
              assertTrue(res.passed(), () -> e.getKey().getSimpleName() + " seed " + seed + ": " + res.worst());
              assertTrue(res.comparisons() > 0, "no gradient was compared");
            })));
  }

  @TestFactory
  Stream<DynamicTest> everyOpMatchesFiniteDifferencesOnTheNd4jOnlyPath() { // what other backends (CUDA) run
    return OpCatalogue.ENTRIES.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey().getSimpleName(),
        () -> qt().withExamples(Math.max(5, EXAMPLES / 3)).withFixedSeed(7L * e.getKey().getSimpleName().hashCode())
            .forAll(longs().all())
            .checkAssert(seed -> {
              try (KernelMode.Scope mode = KernelMode.use(KernelMode.ND4J)) {
                OpCatalogue.Problem p = e.getValue().make(new SplittableRandom(seed));
                GradCheck.Result res = GradCheck.check(p.f(), p.inputs(), p.diff(), GradCheck.Options.defaults(seed));
                assertTrue(res.passed(), () -> e.getKey().getSimpleName() + " seed " + seed + ": " + res.worst());
              }
            })));
  }

  @Test
  void everyOpClassHasACatalogueEntry() throws Exception {
    List<String> missing = new ArrayList<>();
    for (Class<?> c : opClasses()) {
      if (!OpCatalogue.ENTRIES.containsKey(c)) {
        missing.add(c.getSimpleName());
      }
    }
    assertTrue(opClasses().size() >= 30, "found only " + opClasses().size() + " op classes: the scan is broken");
    assertTrue(missing.isEmpty(), "ops without a gradient-check catalogue entry: " + missing);
  }

  /** All concrete {@link Op} implementations in the ops package (scanned from the compiled classes). */
  static List<Class<?>> opClasses() throws Exception {
    String pkg = "org.grpo4j.autograd.ops";
    URL url = org.grpo4j.autograd.ops.Add.class.getResource("Add.class"); // the main classes, not test-classes
    List<Class<?>> out = new ArrayList<>();
    for (File f : new File(url.toURI()).getParentFile().listFiles()) {
      String name = f.getName();
      if (name.endsWith(".class") && !name.contains("$")) {
        Class<?> c = Class.forName(pkg + "." + name.substring(0, name.length() - 6));
        if (Op.class.isAssignableFrom(c) && !c.isInterface()) {
          out.add(c);
        }
      }
    }
    return out;
  }
}
