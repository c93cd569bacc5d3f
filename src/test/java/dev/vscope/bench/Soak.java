package dev.vscope.bench;

import dev.vscope.WebStack;
import dev.vscope.collect.CollectorScheduler;
import dev.vscope.collect.VcenterCollector;
import dev.vscope.collect.Vcenters;
import dev.vscope.config.AuthConfig;
import dev.vscope.config.CollectorConfig;
import dev.vscope.config.ServerConfig;
import dev.vscope.config.StorageConfig;
import dev.vscope.config.VscopeConfig;
import dev.vscope.sim.Simulator;
import dev.vscope.store.HistoryStore;
import dev.vscope.store.RrdHistoryStore;
import dev.vscope.testing.Sims;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Memory over a long run: vscope wired as in production (scheduler every 60 s, web server, rrd4j
 * store) against the ≈5,500-VM simulator, with clients reading the API all along. Prints the heap
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
          new ServerConfig("127.0.0.1", 0, null, null, null, true), new StorageConfig(dir, null, null, null), null,
          new AuthConfig(false, null, null, null), null);
      try (HistoryStore store = RrdHistoryStore.open(dir, clock);
          CollectorScheduler scheduler = new CollectorScheduler(
              List.of(new VcenterCollector(config.vcenters().get(0), config.collector(), store, clock, Vcenters::login)),
              store, Duration.ofDays(400), clock, (s, nanos) -> System.out.printf("cycle %s in %.1f s%n", s.status().state(), nanos / 1e9));
          WebStack web = WebStack.start(config, scheduler, store, clock, new PrometheusRegistry())) {
        scheduler.start();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong requests = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 8; i++) {
          clients.execute(() -> {
            while (running.get()) {
              try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(web.url() + "/api/v1/vms")).build(),
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
        long warm = 0;
        for (int minute = 1; minute <= minutes; minute++) {
          Thread.sleep(60_000);
          long heap = heapAfterGc();
          if (minute == 3) {
            warm = heap;
          }
          System.out.printf("minute %d: heap after GC %.1f MB, %d requests, %d errors%n", minute, heap / 1e6, requests.get(), errors.get());
        }
        running.set(false);
        clients.shutdown();
        clients.awaitTermination(10, TimeUnit.SECONDS);
        long end = heapAfterGc();
        System.out.printf("SOAK %d min: heap after warm-up (minute 3) %.1f MB, at the end %.1f MB, ratio %.3f; %d requests, %d errors%n",
            minutes, warm / 1e6, end / 1e6, (double) end / warm, requests.get(), errors.get());
      }
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    System.exit(0);
  }

  private static long heapAfterGc() throws InterruptedException {
    for (int i = 0; i < 2; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
