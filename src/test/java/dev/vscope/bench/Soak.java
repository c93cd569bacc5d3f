package dev.vscope.bench;

import dev.vscope.Application;
import dev.vscope.config.AuthConfig;
import dev.vscope.config.CollectorConfig;
import dev.vscope.config.ServerConfig;
import dev.vscope.config.StorageConfig;
import dev.vscope.config.VscopeConfig;
import dev.vscope.sim.Simulator;
import dev.vscope.testing.Sims;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Memory over a long run: the {@link Application} as in production (scheduler every 60 s, web server,
 * embedded store) against the ≈5,500-VM simulator, with clients reading the API all along. Prints the heap
 * after a full GC once a minute; the figure that matters is the heap at the end against the heap
 * after warm-up. {@code Soak [minutes]} (default 30).
 */
public final class Soak {

  private Soak() {}

  public static void main(String[] args) throws Exception {
    int minutes = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    Path dir = Files.createTempDirectory("vscope-soak");
    Clock clock = Clock.systemUTC();
    try (Simulator sim = Sims.start(Benchmark.SIM_FLAGS)) {
      VscopeConfig config = new VscopeConfig(List.of(Sims.config(sim, "soak")), CollectorConfig.defaults(),
          new ServerConfig("127.0.0.1", 0, null, null, null, true, null), new StorageConfig(dir, null, null, null), null,
          new AuthConfig(false, null, null, null), null, null, null);
      try (Application app = Application.builder(config).clock(clock)
          .afterCycle((s, nanos) -> afterCycle(s.status().state().jsonName(), nanos)).start()) {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong requests = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 8; i++) {
          clients.execute(() -> {
            while (running.get()) {
              try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(app.url() + "/api/v1/vms")).build(),
                    HttpResponse.BodyHandlers.discarding());
                requests.incrementAndGet();
                if (r.statusCode() != 200) {
                  errors.incrementAndGet();
                }
                Thread.sleep(250);
              } catch (Exception e) {
                errors.incrementAndGet();
              }
            }
          });
        }
        Thread.sleep(minutes * 60_000L);
        running.set(false);
        clients.shutdown();
        clients.awaitTermination(10, TimeUnit.SECONDS);
        // the heap is compared at the same moment of each cycle (just after it), not mid-cycle
        List<Long> heaps = List.copyOf(HEAP_AFTER_CYCLE);
        int n = heaps.size();
        long warm = median(heaps.subList(Math.min(2, n - 1), Math.min(5, n)));
        long end = median(heaps.subList(Math.max(0, n - 3), n));
        System.out.printf("SOAK %d min, %d cycles: heap after a cycle, warm (cycles 3-5) %.1f MB, last 3 cycles %.1f MB, ratio %.3f; "
            + "%d requests, %d errors%n", minutes, n, warm / 1e6, end / 1e6, (double) end / warm, requests.get(), errors.get());
      }
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    System.exit(0);
  }

  private static final List<Long> HEAP_AFTER_CYCLE = new java.util.concurrent.CopyOnWriteArrayList<>();

  private static void afterCycle(String state, long nanos) {
    System.gc();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    HEAP_AFTER_CYCLE.add(heap);
    System.out.printf("cycle %d %s in %.1f s; heap after GC %.1f MB%n", HEAP_AFTER_CYCLE.size(), state, nanos / 1e9, heap / 1e6);
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new java.util.ArrayList<>(values);
    java.util.Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
