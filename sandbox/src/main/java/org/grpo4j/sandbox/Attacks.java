package org.grpo4j.sandbox;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Hostile programs and the statuses each may end with; shared by the attack tests and {@link Soak}. */
public final class Attacks {
  /** One hostile program: a name, its source, and the statuses that count as the sandbox holding. */
  public record Attack(String name, String source, Set<Status> expected) {
    /** Checks that a name, source and at least one status are given. */
    public Attack {
      if (name == null || source == null || expected == null || expected.isEmpty()) {
        throw new IllegalArgumentException("attack: name, source and expected statuses are needed, got " + name);
      }
      expected = Set.copyOf(expected);
    }
  }

  private Attacks() {}

  private static Attack a(String name, String source, Status first, Status... more) {
    return new Attack(name, source, EnumSet.of(first, more));
  }

  /** Every attack, in a fixed order. */
  public static List<Attack> all() {
    Status rt = Status.RUNTIME_ERROR;
    return List.of(
        a("infinite loop", "while (true) {}", Status.INSTRUCTION_LIMIT, Status.TIMEOUT),
        a("loop in finally", "try { while (true) {} } finally { while (true) {} }", Status.INSTRUCTION_LIMIT, Status.TIMEOUT),
        a("catch and retry", "for (;;) { try { while (true) {} } catch (e) {} }", Status.INSTRUCTION_LIMIT, Status.TIMEOUT),
        a("unbounded recursion", "function f(n) { return f(n + 1); } f(0);", rt),
        a("recursion caught", "function f() { try { return f(); } catch (e) { return f(); } } f();",
            rt, Status.INSTRUCTION_LIMIT, Status.TIMEOUT),
        // recursion through a native call: stopped by the stack, memory, instruction or time limit, whichever comes first
        a("recursion through map", "function f() { return [1].map(f); } f();", rt, Status.MEMORY_LIMIT,
            Status.INSTRUCTION_LIMIT, Status.TIMEOUT),
        // a memory bomb ends with memory_limit, or with timeout when copying or collecting outlasts the time limit
        a("string doubling", "var s = 'ab'; for (;;) { s = s + s; s.indexOf('c'); }", Status.MEMORY_LIMIT, Status.TIMEOUT, rt),
        a("string repeat", "var s = 'x'.repeat(1 << 28); s.length", Status.MEMORY_LIMIT, Status.TIMEOUT, rt),
        a("array growth", "var a = []; for (;;) { a.push(new Array(1000).fill(1)); }", Status.MEMORY_LIMIT, Status.TIMEOUT,
            Status.INSTRUCTION_LIMIT),
        a("object growth", "var o = {}; for (var i = 0; ; i++) { o['k' + i] = [i, i, i, i]; }",
            Status.MEMORY_LIMIT, Status.INSTRUCTION_LIMIT, Status.TIMEOUT),
        a("output flood", "for (;;) { console.log('flood flood flood flood'); }", Status.OUTPUT_LIMIT),
        a("busy wait on Date.now", "var t = Date.now(); while (Date.now() - t < 1e9) {}", Status.TIMEOUT, Status.INSTRUCTION_LIMIT),
        a("catastrophic regex", "/^(a+)+$/.test('a'.repeat(40) + '!')", Status.INSTRUCTION_LIMIT, Status.TIMEOUT),
        a("System.exit", "java.lang.System.exit(1)", rt),
        a("Runtime.exec", "java.lang.Runtime.getRuntime().exec('touch pwned-by-sandbox')", rt),
        a("Packages", "Packages.java.io.File.createTempFile('pwned', '.txt')", rt),
        a("JavaImporter", "var io = new JavaImporter(java.io); with (io) { new File('pwned').createNewFile(); }", rt),
        a("constructor.constructor", "var g = this.constructor.constructor('return this')(); g.java.lang.System.exit(1);", rt),
        a("getClass", "getClass(1).forName('java.lang.Runtime')", rt),
        a("Java.type", "Java.type('java.lang.Runtime').getRuntime().exec('touch pwned-by-sandbox')", rt),
        a("require fs", "require('fs').writeFileSync('pwned-by-sandbox', 'x')", rt),
        a("require child_process", "require('child_process').execSync('touch pwned-by-sandbox')", rt),
        a("load", "load('/etc/passwd')", rt),
        a("quit", "quit(1)", rt),
        a("error getClass", "try { null.x } catch (e) { e.getClass().forName('java.lang.Runtime') }", rt),
        a("javaException", "try { undefined.f() } catch (e) { e.javaException.getClass() }", rt),
        a("prototype pollution", "Object.prototype.polluted = 1; Array.prototype.push = null; "
            + "Object.defineProperty(Object.prototype, 'x', {get() { while (true) {} }});", Status.PASSED));
  }
}
