package dev.vscope.bench;

import dev.vscope.store.prom.EngineProcess;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * vscope's benchmark against govmomi's simulator with ≈5,500 VMs on 200 hosts. Not a test: it
 * prints figures and asserts nothing. Run it with {@code scripts/benchmark [inventory|cycle|web|prom|all]...};
 * see {@code docs/benchmarks.md} for what each part measures and the latest results. {@code all} is
 * every part, {@code prom} only when Prometheus is installed (it needs a real engine).
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat target/bench.classpath) dev.vscope.bench.Benchmark [part...] [--load-seconds=N]
 * </pre>
 */
public final class Benchmark {

  /** 1 datacenter, 10 clusters × 20 hosts, 550 VMs per cluster: 200 hosts, ≈5,500 VMs. */
  static final String[] SIM_FLAGS = {"-dc", "1", "-cluster", "10", "-host", "20", "-vm", "550", "-standalone-host", "0"};

  private static final List<String> PARTS = List.of("inventory", "cycle", "web", "prom");

  /** Parts not in {@code all}: they take a quarter of an hour and most of the machine. */
  private static final List<String> LARGE_PARTS = List.of("scale", "scale4");

  private Benchmark() {}

  public static void main(String[] args) throws Exception {
    Set<String> parts = new LinkedHashSet<>();
    int loadSeconds = 30;
    int minutes = 15;
    for (String a : args) {
      if (a.startsWith("--load-seconds=")) {
        loadSeconds = Integer.parseInt(a.substring("--load-seconds=".length()));
      } else if (a.startsWith("--minutes=")) {
        minutes = Integer.parseInt(a.substring("--minutes=".length()));
      } else if (LARGE_PARTS.contains(a)) {
        parts.add(a);
      } else if (a.equals("all")) {
        all(parts);
      } else if (PARTS.contains(a)) {
        parts.add(a);
      } else {
        System.err.println("usage: Benchmark [inventory|cycle|web|prom|all|scale|scale4]... [--load-seconds=N] [--minutes=N]");
        System.exit(2);
      }
    }
    if (parts.isEmpty()) {
      all(parts);
    }
    System.out.printf("vscope benchmark: %s; Java %s (%s), %d cores, max heap %s, JVM flags %s%n", String.join(" ", parts),
        System.getProperty("java.version"), System.getProperty("java.vm.name"), Runtime.getRuntime().availableProcessors(),
        Measure.mb(Measure.maxHeapBytes()), jvmFlags());
    Report report = new Report();
    for (String part : parts) {
      switch (part) {
        case "inventory" -> InventoryBench.run(report);
        case "cycle" -> CycleBench.run(report);
        case "web" -> WebBench.run(report, loadSeconds);
        case "prom" -> PromBench.run(report);
        case "scale" -> ScaleBench.run(report, minutes, 1);
        case "scale4" -> ScaleBench.run(report, minutes, 4);
        default -> throw new IllegalStateException(part);
      }
    }
    report.summary();
    // Selenium and the HTTP clients leave non-daemon threads behind
    System.exit(0);
  }

  /** Every part; {@code prom} only when its engine is installed, with a note otherwise. */
  private static void all(Set<String> parts) {
    for (String p : PARTS) {
      if (p.equals("prom") && !EngineProcess.Kind.PROMETHEUS.installed()) {
        System.out.println("note: part prom skipped: " + EngineProcess.Kind.PROMETHEUS.binary()
            + " is not installed (apt-get install prometheus, or bash scripts/install-deps --test)");
      } else {
        parts.add(p);
      }
    }
  }

  private static String jvmFlags() {
    List<String> flags = new ArrayList<>();
    for (String f : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (f.startsWith("-X") || f.startsWith("-XX")) {
        flags.add(f);
      }
    }
    return flags.isEmpty() ? "(none)" : String.join(" ", flags);
  }
}
