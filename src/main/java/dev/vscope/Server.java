package dev.vscope;

import dev.vscope.collect.CollectorScheduler;
import dev.vscope.collect.LastSnapshots;
import dev.vscope.collect.VcenterCollector;
import dev.vscope.collect.Vcenters;
import dev.vscope.config.VcenterConfig;
import dev.vscope.config.VscopeConfig;
import dev.vscope.store.HistoryStore;
import dev.vscope.store.embedded.EmbeddedHistoryStore;
import dev.vscope.store.prom.PrometheusHistoryStore;
import dev.vscope.config.StorageConfig;
import dev.vscope.telemetry.CountingHistoryStore;
import dev.vscope.telemetry.EntityMetrics;
import dev.vscope.telemetry.Telemetry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires and runs the long-lived parts: history store, collectors, web server, until the JVM stops. */
final class Server {

  private static final Logger logger = LoggerFactory.getLogger(Server.class);

  private Server() {}

  private static HistoryStore openStore(VscopeConfig config, Clock clock) {
    if (config.storage().type().equals(StorageConfig.PROMETHEUS)) {
      logger.info("history on the Prometheus-compatible engine at {}", config.storage().prometheus().readUrl());
      return PrometheusHistoryStore.open(config.storage().prometheus(), clock);
    }
    logger.info("history in {}", config.storage().path().toAbsolutePath());
    return EmbeddedHistoryStore.open(config.storage().path(), clock);
  }

  static int run(VscopeConfig config) throws Exception {
    Clock clock = Clock.systemUTC();
    CountDownLatch stopped = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    // on SIGTERM, let run() close everything (logging out of every vCenter) before the JVM exits
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stopped.countDown();
      try {
        closed.await(25, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "vscope-shutdown"));
    try {
      serve(config, clock, stopped);
    } finally {
      closed.countDown();
    }
    return 0;
  }

  private static void serve(VscopeConfig config, Clock clock, CountDownLatch stopped) throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    Telemetry telemetry = new Telemetry(registry);
    HistoryStore opened = openStore(config, clock);
    if (opened instanceof EmbeddedHistoryStore embedded) {
      telemetry.watch(embedded, registry);
    }
    try (HistoryStore store = new CountingHistoryStore(opened, telemetry)) {
      // the last known state is shown, as the previous run's, until each vCenter's first cycle (issue 15)
      LastSnapshots last = new LastSnapshots(config.storage().path());
      List<VcenterCollector> collectors = new ArrayList<>();
      for (VcenterConfig vc : config.vcenters()) {
        Vcenters.endpoint(vc); // fails early on a bad TLS set-up, warns about insecure
        VcenterCollector collector = new VcenterCollector(vc, config.collector(), store, clock, c -> Vcenters.login(c, telemetry.calls(c.name())));
        last.restore(collector);
        collectors.add(collector);
      }
      CollectorScheduler.CycleListener afterCycle = (snapshot, nanos) -> {
        telemetry.cycle(snapshot, nanos);
        last.cycled(snapshot, nanos);
      };
      try (CollectorScheduler scheduler = new CollectorScheduler(collectors, store, config.storage().retention(), clock, afterCycle)) {
        registry.register(new EntityMetrics(scheduler));
        try (WebStack web = WebStack.start(config, scheduler, store, clock, registry)) {
          scheduler.start();
          logger.info("vscope serves {}/ ({} vCenter(s))",
              web.url().replace("127.0.0.1", config.server().bind().equals("0.0.0.0") ? "localhost" : config.server().bind()),
              collectors.size());
          stopped.await();
          logger.info("stopping: logging out of vCenter");
        }
      }
    }
  }
}
