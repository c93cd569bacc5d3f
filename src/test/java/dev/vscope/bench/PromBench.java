package dev.vscope.bench;

import dev.vscope.Application;
import dev.vscope.collect.ConnectionState;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vscope.collect.Inventory;
import dev.vscope.collect.InventoryReader;
import dev.vscope.collect.VcenterCollector;
import dev.vscope.collect.VcenterSnapshot;
import dev.vscope.config.AuthConfig;
import dev.vscope.config.CollectorConfig;
import dev.vscope.config.ServerConfig;
import dev.vscope.config.StorageConfig;
import dev.vscope.config.VcenterConfig;
import dev.vscope.config.VscopeConfig;
import dev.vscope.sim.Simulator;
import dev.vscope.store.embedded.EmbeddedHistoryStore;
import dev.vscope.store.TimeRange;
import dev.vscope.store.prom.EngineProcess;
import dev.vscope.store.prom.PrometheusHistoryStore;
import dev.vscope.store.prom.PrometheusStoreConfig;
import dev.vscope.testing.Sims;
import dev.vscope.vim.VimClient;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Part {@code prom}: the Prometheus-compatible history store (issue 6) on a real Prometheus
 * ({@link EngineProcess}), fed by the real collector from the ≈5,500-VM simulator.
 *
 * <ol>
 *   <li><b>Remote write.</b> {@link PrometheusHistoryStore} in the {@link Application}, as for {@code
 *       storage.type: prometheus}, its sender delivering while the collector writes. The first
 *       cycle backfills the hour ESXi keeps (≈10 million samples); three steady cycles follow, one
 *       collection interval apart by the simulator's clock. Each is measured until the buffer is
 *       empty. The engine counts the samples it accepted ({@link EngineStats}); a {@link
 *       WireCounter} between the store and the engine counts the bytes and the engine's time.
 *   <li><b>{@code GET /api/v1/series}</b>, engine against embedded: the same application over each
 *       store, for one host's {@code cpu.usage}, whose year of history both stores hold ({@link
 *       YearOfSamples}) before the collected hour. The embedded store gets its hour of every entity
 *       from a second collector's first cycle on the same simulator.
 * </ol>
 */
final class PromBench {

  static final String VCENTER = "bench";
  static final String METRIC = "cpu.usage";
  private static final String SENDER_THREAD = "vscope-remote-write";
  private static final int STEADY = 3;
  private static final int WARMUPS = 20;
  private static final int REQUESTS = 200;
  private static final long DRAIN_LIMIT_NANOS = TimeUnit.MINUTES.toNanos(15);
  private static final ObjectMapper JSON = new ObjectMapper();

  private PromBench() {}

  /** A cycle and the delivery of what it wrote, until the buffer was empty. */
  record Delivery(Measure.Run run, String status, double firstWriteMs, double cycleMs, double drainedMs, long backlogBytes,
      long samplesWritten, long unknownWritten, double storeWriteMs, double storeLookupMs, EngineStats engine, EngineStats duringCycle, List<WireCounter.Request> requests,
      double engineCpuMs, double proxyCpuMs, double senderCpuMs) {

    boolean drained() {
      return drainedMs >= 0;
    }

    long sum(java.util.function.ToLongFunction<WireCounter.Request> f) {
      return requests.stream().mapToLong(f).sum();
    }

    /** From the first request's first byte to the last answer. */
    double windowMs() {
      if (requests.isEmpty()) {
        return 0;
      }
      long first = requests.stream().mapToLong(WireCounter.Request::startNanos).min().orElseThrow();
      long last = requests.stream().mapToLong(WireCounter.Request::answeredNanos).max().orElseThrow();
      return (last - first) / 1e6;
    }

    double samplesPerSecond() {
      return engine.samplesAppended() / (windowMs() / 1000);
    }

    /** Samples accepted after the cycle's end, per second until the buffer was empty: the sender alone. */
    double afterCycleRate() {
      return (engine.samplesAppended() - duringCycle.samplesAppended()) / ((drainedMs - cycleMs) / 1000);
    }

    double bytesPerSample(java.util.function.ToLongFunction<WireCounter.Request> f) {
      return sum(f) / engine.samplesAppended();
    }

    double engineShare() {
      return sum(WireCounter.Request::engineNanos) / 1e6 / windowMs();
    }

    double vscopeCpuMs() {
      return run.cpuMs() - proxyCpuMs;
    }

    long bad() {
      return requests.stream().filter(r -> r.status() / 100 != 2).count();
    }
  }

  static void run(Report report) throws Exception {
    report.part("prom");
    EngineProcess.Kind kind = EngineProcess.Kind.PROMETHEUS;
    if (!kind.installed()) {
      report.note("%s is not installed: part skipped (apt-get install prometheus, or bash scripts/install-deps --test)", kind.binary());
      return;
    }
    Path work = Files.createTempDirectory("vscope-bench-prom");
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    CycleBench.OffsetClock clock = new CycleBench.OffsetClock();
    long t0 = System.nanoTime();
    try (Simulator sim = Sims.start(Benchmark.SIM_FLAGS);
        EngineProcess engine = new EngineProcess(kind, work.resolve("engine"));
        WireCounter wire = WireCounter.start(engine.base());
        PrometheusHistoryStore prom = PrometheusHistoryStore.open(new PrometheusStoreConfig(wire.writeUrl(), engine.base(), null, null, null,
            work.resolve("prometheus-buffer"), PrometheusStoreConfig.DEFAULT_TIMEOUT), clock);
        EmbeddedHistoryStore rrd = EmbeddedHistoryStore.open(work.resolve("rrd"), clock)) {
      report.note("simulator started in %.1f s", (System.nanoTime() - t0) / 1e9);
      VcenterConfig vc = Sims.config(sim, VCENTER);
      String host = firstConnectedHost(sim);
      YearOfSamples year = YearOfSamples.ending(host, METRIC, clock.instant().getEpochSecond() - 3_600 - 120);
      long b0 = System.nanoTime();
      year.backfill(engine, work);
      report.note("a year of %s %s (%,d samples) written as blocks by promtool in %.1f s", host, METRIC, year.count(), (System.nanoTime() - b0) / 1e9);
      engine.start();
      report.note("engine: %s, at %s; the store writes through the wire counter at %s", engine.version(), engine.base(), wire.writeUrl());
      report.note("vscope process CPU figures leave out the wire counter's own threads; the sender thread is %s", SENDER_THREAD);

      TimedStore timed = new TimedStore(prom);
      // two vscopes on the same simulator, one per store; each application closes its store
      VscopeConfig config = new VscopeConfig(List.of(vc), CollectorConfig.defaults(), new ServerConfig("127.0.0.1", 0, null, null, null, true, null),
          new StorageConfig(work, null, null, null), null, new AuthConfig(false, null, null, null), null, null, null);
      try (Application engineApp = Application.builder(config).clock(clock).store(timed).collectOnDemand().start();
          Application embeddedApp = Application.builder(config).clock(clock).store(rrd).collectOnDemand().start()) {
        VcenterCollector viaEngine = engineApp.collectors().get(0);
        VcenterCollector embedded = embeddedApp.collectors().get(0);
        long start = System.currentTimeMillis();
        Delivery first = deliver(viaEngine, timed, prom, wire, engine, http);
        report.note("first cycle: %s", describe(first));
        if (!first.drained() || first.requests().isEmpty()) {
          report.note("the first cycle was not delivered: no further figures");
          return;
        }
        report.note("inventory: %s", InventoryBench.describe(viaEngine.snapshot().inventory()));

        // Steady state: cycles start one interval apart in real time when they can, and the
        // simulator's clock is set so that its "now" moves on by exactly one interval per cycle.
        long interval = CollectorConfig.defaults().interval().toMillis();
        long simStart = start;
        List<Delivery> steady = new ArrayList<>();
        for (int k = 1; k <= STEADY; k++) {
          long pause = start + interval - System.currentTimeMillis();
          if (pause > 0) {
            Thread.sleep(pause);
          }
          long target = simStart + interval;
          start = System.currentTimeMillis();
          CycleBench.setOffset(sim, clock, Math.round((target - start) / 1000.0));
          simStart = start + clock.offsetSeconds * 1000;
          Delivery d = deliver(viaEngine, timed, prom, wire, engine, http);
          steady.add(d);
          report.note("steady cycle %d: %s", k, describe(d));
        }
        report.note("store: %d records rejected by the engine (given up), %,d bytes still buffered", prom.rejectedRecords(), prom.pendingBytes());

        long w0 = System.nanoTime();
        year.writeTo(rrd);
        report.note("the same year written to the embedded store in %.1f s", (System.nanoTime() - w0) / 1e9);
        Measure.Result<Boolean> rrdCycle = Measure.run(embedded::cycle, false);
        report.note("embedded store: first cycle of a second collector: %s, wall %s, process CPU %s, peak heap %s",
            status(embedded.snapshot()), Measure.ms(rrdCycle.run().wallMs()), Measure.ms(rrdCycle.run().cpuMs()),
            Measure.mb(rrdCycle.run().peakHeapBytes()));

        List<Latency> latencies = seriesLatencies(report, engineApp.url(), embeddedApp.url(), http, host, year);
        deliveryTable(report, first, steady, prom, rrdCycle.run());
        latencyTable(report, latencies);
      }
    } finally {
      Measure.deleteTree(work);
    }
  }

  private static String firstConnectedHost(Simulator sim) {
    try (VimClient client = VimClient.login(Sims.endpoint(sim, VCENTER), sim.username(), sim.password())) {
      Inventory inv = new InventoryReader(client, 1000, Clock.systemUTC()).read();
      return inv.datacenters().get(0).hosts().stream().filter(h -> h.connectionState() == ConnectionState.CONNECTED).map(Inventory.Host::id)
          .findFirst().orElseThrow(() -> new IllegalStateException("the simulator has no connected host"));
    }
  }

  /** Runs a cycle and waits until the buffer is empty, measuring both together. */
  private static Delivery deliver(VcenterCollector collector, TimedStore timed, PrometheusHistoryStore prom, WireCounter wire,
      EngineProcess engine, HttpClient http) throws Exception {
    timed.reset();
    int seen = wire.requests().size();
    EngineStats[] stats = new EngineStats[2];
    long[] cpu = new long[3];
    long[] at = new long[3];
    long[] backlog = {0};
    Measure.Result<Boolean> r = Measure.run(() -> {
      boolean ok = collector.cycle();
      at[1] = System.nanoTime();
      backlog[0] = prom.pendingBytes();
      stats[1] = EngineStats.read(http, engine.base());
      while (prom.pendingBytes() > 0 && System.nanoTime() - at[1] < DRAIN_LIMIT_NANOS) {
        Thread.sleep(10);
      }
      at[2] = prom.pendingBytes() == 0 ? System.nanoTime() : -1;
      return ok;
    }, false, () -> {
      stats[0] = EngineStats.read(http, engine.base());
      cpu[0] = engine.cpuNanos();
      cpu[1] = wire.cpuNanos();
      cpu[2] = threadCpuNanos(SENDER_THREAD);
      at[0] = System.nanoTime();
    });
    EngineStats end = EngineStats.read(http, engine.base());
    List<WireCounter.Request> all = wire.requests();
    return new Delivery(r.run(), (Boolean.TRUE.equals(r.value()) ? "" : "FAILED ") + status(collector.snapshot()),
        (timed.firstWriteNanos.get() - at[0]) / 1e6, (at[1] - at[0]) / 1e6, at[2] < 0 ? -1 : (at[2] - at[0]) / 1e6, backlog[0],
        timed.samplesWritten.get(), timed.unknownWritten.get(), timed.writeNanos.get() / 1e6,
        timed.lookupNanos.get() / 1e6, end.since(stats[0]), stats[1].since(stats[0]), List.copyOf(all.subList(seen, all.size())),
        (engine.cpuNanos() - cpu[0]) / 1e6, (wire.cpuNanos() - cpu[1]) / 1e6, (threadCpuNanos(SENDER_THREAD) - cpu[2]) / 1e6);
  }

  private static long threadCpuNanos(String name) {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals(name)) {
        return Math.max(0, ManagementFactory.getThreadMXBean().getThreadCpuTime(t.getId()));
      }
    }
    return 0;
  }

  private static String status(VcenterSnapshot snap) {
    return snap.status().state().jsonName() + (snap.status().error() == null ? "" : ": " + snap.status().error()) + ", " + snap.latest().size()
        + " entities with values";
  }

  private static String describe(Delivery d) {
    return String.format(Locale.ROOT,
        "%s; cycle %s (first write at %s; store.write %s, store.lastTimestamp %s), buffer empty %s after the start, %,d bytes buffered "
            + "at the cycle's end; %,d samples written (%,d of them unknown, not sent), %,d accepted by the engine (%,d during the cycle), %,.0f refused; %d requests (%d not 2xx), "
            + "%,d body bytes, %,d protobuf bytes, %,d header bytes; in the engine %s of the %s from the first request to the last answer "
            + "(its write handler: %s); CPU: vscope %s (sender thread %s, wire counter %s left out), engine %s; peak heap %s; "
            + "engine: %,.0f series, resident %s",
        d.status(), Measure.ms(d.cycleMs()), Measure.ms(d.firstWriteMs()), Measure.ms(d.storeWriteMs()), Measure.ms(d.storeLookupMs()),
        d.drained() ? Measure.ms(d.drainedMs()) : "NOT within 15 min", d.backlogBytes(), d.samplesWritten(), d.unknownWritten(),
        (long) d.engine().samplesAppended(), (long) d.duringCycle().samplesAppended(), d.engine().samplesRefused(), d.requests().size(),
        d.bad(), d.sum(WireCounter.Request::bodyBytes), d.sum(WireCounter.Request::uncompressedBytes), d.sum(WireCounter.Request::headerBytes),
        Measure.ms(d.sum(WireCounter.Request::engineNanos) / 1e6), Measure.ms(d.windowMs()), Measure.ms(d.engine().writeSeconds() * 1000),
        Measure.ms(d.vscopeCpuMs()), Measure.ms(d.senderCpuMs()), Measure.ms(d.proxyCpuMs()), Measure.ms(d.engineCpuMs()),
        Measure.mb(d.run().peakHeapBytes()), d.engine().headSeries(), Measure.mb(d.engine().residentBytes()));
  }

  /** Sequential warm requests of one range, to both stores in turn. */
  record Latency(TimeRange range, double[] embedded, double[] engine, int embeddedKnown, int engineKnown, double largestDifference) {}

  private static List<Latency> seriesLatencies(Report report, String viaEngine, String embedded, HttpClient http, String host,
      YearOfSamples year) throws Exception {
    List<Latency> out = new ArrayList<>();
    for (TimeRange range : TimeRange.values()) {
      String query = "/api/v1/series?entity=" + URLEncoder.encode(host, StandardCharsets.UTF_8) + "&metric=" + METRIC + "&range=" + range.key();
      URI[] uris = {URI.create(embedded + query), URI.create(viaEngine + query)};
      double[][] ms = new double[2][REQUESTS];
      JsonNode[] answers = new JsonNode[2];
      for (int i = -WARMUPS; i < REQUESTS; i++) {
        for (int j = 0; j < 2; j++) {
          int which = (i & 1) == 0 ? j : 1 - j; // alternate which store goes first
          long s = System.nanoTime();
          byte[] body = get(http, uris[which]);
          if (i >= 0) {
            ms[which][i] = (System.nanoTime() - s) / 1e6;
          } else if (i == -1) {
            answers[which] = JSON.readTree(body);
          }
        }
      }
      Latency l = new Latency(range, ms[0], ms[1], known(answers[0]), known(answers[1]), largestDifference(answers[0], answers[1], year.last()));
      report.note("GET %s: embedded median %s, p99 %s; engine median %s, p99 %s; points with a value %d / %d; largest difference of the "
              + "averages over the year's points %.2g", query, Measure.ms(Measure.median(l.embedded())), Measure.ms(Measure.percentile(l.embedded(), 99)),
          Measure.ms(Measure.median(l.engine())), Measure.ms(Measure.percentile(l.engine(), 99)), l.embeddedKnown(), l.engineKnown(),
          l.largestDifference());
      out.add(l);
    }
    return out;
  }

  private static byte[] get(HttpClient http, URI uri) throws IOException, InterruptedException {
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw new IOException("GET " + uri + " answered " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
    }
    return r.body();
  }

  private static int known(JsonNode answer) {
    int n = 0;
    for (JsonNode p : answer.path("points")) {
      n += p.get(1).isNull() ? 0 : 1;
    }
    return n;
  }

  /** The largest difference of the two answers' averages at points that hold only the year's samples. */
  private static double largestDifference(JsonNode a, JsonNode b, long yearEnd) {
    double largest = 0;
    JsonNode pa = a.path("points");
    JsonNode pb = b.path("points");
    for (int i = 0; i < Math.min(pa.size(), pb.size()); i++) {
      JsonNode x = pa.get(i);
      JsonNode y = pb.get(i);
      if (x.get(0).asLong() == y.get(0).asLong() && x.get(0).asLong() <= yearEnd && !x.get(1).isNull() && !y.get(1).isNull()) {
        largest = Math.max(largest, Math.abs(x.get(1).asDouble() - y.get(1).asDouble()));
      }
    }
    return largest;
  }

  private static void deliveryTable(Report report, Delivery first, List<Delivery> steady, PrometheusHistoryStore prom, Measure.Run rrdFirst) {
    report.table();
    report.row("first cycle (connect + full inventory + 1 h backfill), wall", Measure.ms(first.cycleMs()), "", null);
    report.row("the same with the embedded store (a second collector, right after), wall", Measure.ms(rrdFirst.wallMs()), "", null);
    report.row("first cycle, time in store.write / store.lastTimestamp (asks the engine)",
        Measure.ms(first.storeWriteMs()) + " / " + Measure.ms(first.storeLookupMs()), "", null);
    report.row("first cycle, samples written (of them unknown values, not sent) / accepted by the engine", String.format(Locale.ROOT,
        "%,d (%,d) / %,.0f", first.samplesWritten(), first.unknownWritten(), first.engine().samplesAppended()), "", null);
    report.row("first cycle, collector's first write / end of the cycle / buffer empty, after the cycle's start", Measure.ms(first.firstWriteMs())
        + " / " + Measure.ms(first.cycleMs()) + " / " + Measure.ms(first.drainedMs()), "", null);
    report.row("first cycle, backlog at the cycle's end", Measure.mb(first.backlogBytes()), "", null);
    report.row("first cycle, delivered samples/s, first request → last answer", rate(first.samplesPerSecond()), "", null);
    report.row("first cycle, delivered samples/s after the cycle's end (sender alone)", rate(first.afterCycleRate()), "", null);
    report.row("first cycle, requests / samples per request (mean)", String.format(Locale.ROOT, "%,d / %,.0f", first.requests().size(),
        first.engine().samplesAppended() / first.requests().size()), "", null);
    report.row("first cycle, bytes per sample on the wire: snappy body / protobuf", bytes(first), "", null);
    report.row("first cycle, time in the engine (last byte sent → answer) / in its write handler, share of the delivery window",
        percent(first.engineShare()) + " / " + percent(first.engine().writeSeconds() * 1000 / first.windowMs()), "", null);
    report.row("first cycle + delivery, vscope process CPU / of it the sender thread", Measure.ms(first.vscopeCpuMs()) + " / "
        + Measure.ms(first.senderCpuMs()), "", null);
    report.row("first cycle + delivery, Prometheus CPU", Measure.ms(first.engineCpuMs()), "", null);
    report.row("first cycle + delivery, vscope peak heap (sum of pool peaks)", Measure.mb(first.run().peakHeapBytes()), "", null);
    report.row("Prometheus resident memory after the first cycle", Measure.mb(first.engine().residentBytes()), "", null);
    List<Measure.Run> runs = steady.stream().map(Delivery::run).toList();
    report.row("steady cycle, median wall (of " + steady.size() + ")", Measure.ms(median(steady, Delivery::cycleMs)), "", null);
    report.row("steady cycle, samples accepted by the engine (median)", String.format(Locale.ROOT, "%,.0f",
        median(steady, d -> d.engine().samplesAppended())), "", null);
    report.row("steady cycle, buffer empty after the cycle's end (median)", Measure.ms(median(steady, d -> d.drainedMs() - d.cycleMs())), "", null);
    report.row("steady cycle, bytes per sample on the wire: snappy body / protobuf (median)", String.format(Locale.ROOT, "%.2f B / %.2f B",
        median(steady, d -> d.bytesPerSample(WireCounter.Request::bodyBytes)),
        median(steady, d -> d.bytesPerSample(WireCounter.Request::uncompressedBytes))), "", null);
    report.row("steady cycle + delivery, vscope process CPU / peak heap (medians)", Measure.ms(Measure.medianOf(runs, Measure.Run::cpuMs))
        + " / " + Measure.mb(Measure.medianOf(runs, r -> r.peakHeapBytes())), "", null);
    long bad = first.bad() + steady.stream().mapToLong(Delivery::bad).sum();
    double refused = first.engine().samplesRefused() + steady.stream().mapToDouble(d -> d.engine().samplesRefused()).sum();
    report.row("requests not 2xx / samples refused by the engine / records given up by the store", String.format(Locale.ROOT, "%d / %,.0f / %d",
        bad, refused, prom.rejectedRecords()), "0 / 0 / 0", bad == 0 && refused == 0 && prom.rejectedRecords() == 0);
    report.endTable();
  }

  private static void latencyTable(Report report, List<Latency> latencies) {
    report.table("GET /api/v1/series (" + REQUESTS + " sequential, warm)", "points with a value: embedded / engine",
        "embedded median / p99", "engine median / p99", "engine / embedded (medians)");
    for (Latency l : latencies) {
      double e = Measure.median(l.embedded());
      double p = Measure.median(l.engine());
      report.cells("range=" + l.range().key(), l.embeddedKnown() + " / " + l.engineKnown(),
          Measure.ms(e) + " / " + Measure.ms(Measure.percentile(l.embedded(), 99)), Measure.ms(p) + " / " + Measure.ms(Measure.percentile(l.engine(), 99)),
          String.format(Locale.ROOT, "%.1f×", p / e));
    }
    report.endTable();
  }

  private static double median(List<Delivery> ds, java.util.function.ToDoubleFunction<Delivery> f) {
    return Measure.median(ds.stream().mapToDouble(f).toArray());
  }

  private static String bytes(Delivery d) {
    return String.format(Locale.ROOT, "%.2f B / %.2f B (+ %.0f B of HTTP header per request)", d.bytesPerSample(WireCounter.Request::bodyBytes),
        d.bytesPerSample(WireCounter.Request::uncompressedBytes), (double) d.sum(WireCounter.Request::headerBytes) / d.requests().size());
  }

  private static String rate(double perSecond) {
    return String.format(Locale.ROOT, "%,.0f", perSecond);
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.0f %%", share * 100);
  }
}
