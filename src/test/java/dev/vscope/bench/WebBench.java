package dev.vscope.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vscope.collect.Inventory;
import dev.vscope.testing.TestApp;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.net.PortProber;

/**
 * Part {@code web}: vscope's web stack over the big simulated inventory ({@link TestApp}, plain
 * HTTP, no login): API latency with sequential requests, the VMs page in headless Chromium, and 200
 * concurrent clients (wrk when installed, else a pool of 200 threads).
 */
final class WebBench {

  private static final int WARMUPS = 20;
  private static final int REQUESTS = 200;
  private static final int PAGE_LOADS = 5;
  private static final int CLIENTS = 200;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final java.util.logging.Logger CDP_FINDER_LOGGER = java.util.logging.Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

  /**
   * Runs before the page's own scripts on every navigation: notes when the page says its data is
   * rendered (page.js sets body[data-loads] right after the table body is built), forces layout,
   * and notes the end of the next frame.
   */
  private static final String PROBE = """
      (() => {
        const b = window.__bench = {};
        const rendered = () => {
          if (b.rowsAt !== undefined) return;
          const body = document.body;
          if (!body || !body.dataset.loads) return;
          b.rowsAt = performance.now();
          b.state = body.dataset.state;
          b.rows = document.querySelectorAll('table.data tbody tr').length;
          void body.offsetHeight;
          b.layoutAt = performance.now();
          requestAnimationFrame(() => setTimeout(() => {
            b.frameAt = performance.now();
            const api = performance.getEntriesByType('resource').find((e) => e.name.includes('/api/v1/vms'));
            if (api) {
              b.apiStart = api.startTime;
              b.apiEnd = api.responseEnd;
              b.apiEncoded = api.encodedBodySize;
              b.apiDecoded = api.decodedBodySize;
            }
            const nav = performance.getEntriesByType('navigation')[0];
            if (nav) b.domContentLoaded = nav.domContentLoadedEventEnd;
          }, 0));
        };
        new MutationObserver(rendered).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-loads'] });
      })();
      """;

  private static final String WAIT = """
      const done = arguments[arguments.length - 1];
      const poll = () => {
        const b = window.__bench;
        if (b && b.frameAt !== undefined) done(JSON.stringify(b)); else setTimeout(poll, 5);
      };
      poll();
      """;

  private WebBench() {}

  static void run(Report report, int loadSeconds) throws Exception {
    report.part("web");
    CDP_FINDER_LOGGER.setLevel(Level.OFF);
    long t0 = System.nanoTime();
    TestApp app = TestApp.start(Benchmark.SIM_FLAGS);
    try {
      report.note("TestApp started (simulator + first collection cycle) in %.1f s", (System.nanoTime() - t0) / 1e9);
      Inventory inv = app.snapshot().inventory();
      report.note("inventory: %s", InventoryBench.describe(inv));
      String base = app.baseUrl();
      String hostId = inv.datacenters().get(0).hosts().get(0).id();
      URI vms = URI.create(base + "/api/v1/vms");
      URI series = URI.create(base + "/api/v1/series?entity=" + URLEncoder.encode(hostId, StandardCharsets.UTF_8) + "&metric=cpu.usage&range=year");
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

      Latencies vmsPlain = sequential(http, vms, false);
      report.note("GET %s: %,d bytes, median %s, p99 %s", vms.getPath(), vmsPlain.bytes, Measure.ms(vmsPlain.median()), Measure.ms(vmsPlain.p99()));
      Latencies vmsGzip = sequential(http, vms, true);
      report.note("GET %s with Accept-Encoding: gzip: Content-Encoding %s, %,d bytes, median %s, p99 %s", vms.getPath(),
          vmsGzip.encoding, vmsGzip.bytes, Measure.ms(vmsGzip.median()), Measure.ms(vmsGzip.p99()));
      Latencies notModified = conditional(http, vms);
      report.note("GET %s with If-None-Match (304): median %s, p99 %s", vms.getPath(), Measure.ms(notModified.median()), Measure.ms(notModified.p99()));
      double[] misses = afterCycles(app, http, vms);
      report.note("GET %s right after a collection cycle (the request that serializes the new list): %s", vms.getPath(),
          Arrays.stream(misses).mapToObj(Measure::ms).toList());
      Latencies year = sequential(http, series, false);
      report.note("GET %s: %,d bytes, median %s, p99 %s", series.getPath() + "?" + series.getQuery(), year.bytes, Measure.ms(year.median()),
          Measure.ms(year.p99()));

      String dcParam = URLEncoder.encode(inv.datacenters().get(0).id(), StandardCharsets.UTF_8);
      double[] topHour = FreshAnswers.times(http, base, "/api/v1/top?metric=cpu.ready&range=hour&scope=" + dcParam + "&limit={}", 20);
      double[] topDay = FreshAnswers.times(http, base, "/api/v1/top?metric=cpu.ready&range=day&scope=" + dcParam + "&limit={}", 20);
      double[] topWeek = FreshAnswers.times(http, base, "/api/v1/top?metric=cpu.ready&range=week&scope=" + dcParam + "&limit={}", 20);
      double[] clusterList = FreshAnswers.times(http, base, "/api/v1/clusters?datacenter=" + dcParam + "&target={}", 70);

      List<JsonNode> loads = pageLoads(base);
      double[] frame = loads.stream().mapToDouble(n -> n.path("frameAt").asDouble()).toArray();
      double[] rows = loads.stream().mapToDouble(n -> n.path("rowsAt").asDouble()).toArray();
      double[] layout = loads.stream().mapToDouble(n -> n.path("layoutAt").asDouble()).toArray();
      double[] apiEnd = loads.stream().mapToDouble(n -> n.path("apiEnd").asDouble()).toArray();
      for (JsonNode n : loads) {
        report.note("vms.html: %d rows (state %s); DOMContentLoaded %.0f ms, /api/v1/vms %.0f–%.0f ms (%,d B on the wire, %,d B decoded), "
                + "rows in DOM %.0f ms, layout done %.0f ms, next frame done %.0f ms",
            n.path("rows").asInt(), n.path("state").asText(), n.path("domContentLoaded").asDouble(), n.path("apiStart").asDouble(),
            n.path("apiEnd").asDouble(), n.path("apiEncoded").asLong(), n.path("apiDecoded").asLong(), n.path("rowsAt").asDouble(),
            n.path("layoutAt").asDouble(), n.path("frameAt").asDouble());
      }

      // the static page first: the API load may leave the server in no state to serve anything
      Load loadIndex = load(http, base, "/index.html", loadSeconds);
      report.note("load /index.html: %s", loadIndex.raw);
      Load loadVms = load(http, base, "/api/v1/vms", loadSeconds);
      report.note("load /api/v1/vms: %s", loadVms.raw);

      report.table();
      report.row("GET /api/v1/vms, median (" + REQUESTS + " sequential, warm)", Measure.ms(vmsPlain.median()), "< 50 ms", vmsPlain.median() < 50);
      report.row("GET /api/v1/vms, p99", Measure.ms(vmsPlain.p99()), "", null);
      report.row("GET /api/v1/vms, response size", String.format(Locale.ROOT, "%,d B", vmsPlain.bytes), "", null);
      if (vmsGzip.encoding != null) {
        report.row("GET /api/v1/vms gzip, median / p99", Measure.ms(vmsGzip.median()) + " / " + Measure.ms(vmsGzip.p99())
            + String.format(Locale.ROOT, " (%,d B)", vmsGzip.bytes), "", null);
      }
      report.row("GET /api/v1/vms with If-None-Match, unchanged (304), median", Measure.ms(notModified.median()), "", null);
      report.row("GET /api/v1/vms right after a new cycle (serializes and gzips the list), median of " + misses.length,
          Measure.ms(Measure.median(misses)), "", null);
      report.row("GET /api/v1/series year, median", Measure.ms(year.median()), "< 10 ms", year.median() < 10);
      report.row("GET /api/v1/series year, p99", Measure.ms(year.p99()), "", null);
      report.row("GET /api/v1/top (top 20 VMs of the datacenter by CPU ready), hour / day / week, uncached, median of " + FreshAnswers.COUNT,
          Measure.ms(Measure.median(topHour)) + " / " + Measure.ms(Measure.median(topDay)) + " / " + Measure.ms(Measure.median(topWeek)), "< 100 ms",
          Math.max(Measure.median(topHour), Math.max(Measure.median(topDay), Measure.median(topWeek))) < 100);
      report.row("GET /api/v1/clusters of the datacenter, median of " + FreshAnswers.COUNT, Measure.ms(Measure.median(clusterList)), "", null);
      double page = Measure.median(frame);
      report.row("vms.html in headless Chromium: navigation start → rows rendered and next frame done, median of " + PAGE_LOADS,
          Measure.ms(page), "< 1 s", page < 1_000);
      report.row("vms.html: … → /api/v1/vms received (median)", Measure.ms(Measure.median(apiEnd)), "", null);
      report.row("vms.html: … → rows in DOM / layout done (medians)", Measure.ms(Measure.median(rows)) + " / " + Measure.ms(Measure.median(layout)), "", null);
      loadRows(report, "/index.html", loadIndex);
      loadRows(report, "/api/v1/vms", loadVms);
      report.endTable();
    } finally {
      closeWithin(app, 30);
    }
  }

  /** Closes the app, giving up after a while: after an OutOfMemoryError Jetty's stop can wait forever for a dead selector thread. */
  private static void closeWithin(TestApp app, int seconds) throws InterruptedException {
    Thread t = new Thread(() -> {
      try {
        app.close();
      } catch (IOException e) {
        System.out.println("  closing the app failed: " + e);
      }
    }, "close-app");
    t.setDaemon(true);
    t.start();
    t.join(seconds * 1000L);
    if (t.isAlive()) {
      System.out.println("  the app did not stop within " + seconds + " s (the web server is stuck); going on without");
    }
  }

  private static void loadRows(Report report, String path, Load l) {
    report.row(l.tool + " " + path + ": requests/s (" + String.format(Locale.ROOT, "%,d", l.requests) + " answered)",
        String.format(Locale.ROOT, "%,.1f", l.requestsPerSecond), "", null);
    report.row(l.tool + " " + path + ": latency p50 / p99", l.p50 + " / " + l.p99, "", null);
    report.row(l.tool + " " + path + ": non-2xx / socket errors", l.non2xx + " / " + l.socketErrors, "0 / 0", l.non2xx == 0 && l.errorCount == 0);
    boolean healthy = l.requests > 0 && l.serverErrors == 0 && l.afterMs >= 0 && l.afterMs < 1_000;
    report.row(l.tool + " " + path + ": errors logged by the server / time until it answers GET /api/v1/status after the load",
        l.serverErrors + " / " + (l.afterMs < 0 ? "not within 90 s" : Measure.ms(l.afterMs)), "0 / < 1 s", healthy);
  }

  /** Latencies of sequential requests. */
  static final class Latencies {
    final double[] ms;
    final long bytes;
    final String encoding;

    Latencies(double[] ms, long bytes, String encoding) {
      this.ms = ms;
      this.bytes = bytes;
      this.encoding = encoding;
    }

    double median() {
      return Measure.median(ms);
    }

    double p99() {
      return Measure.percentile(ms, 99);
    }
  }

  /** Sequential requests naming the current entity tag: what a page's refresh costs while the list is unchanged. */
  private static Latencies conditional(HttpClient http, URI uri) throws IOException, InterruptedException {
    String etag = http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.discarding()).headers().firstValue("ETag")
        .orElseThrow(() -> new IOException("GET " + uri + " sent no ETag"));
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).header("If-None-Match", etag).GET().build();
    double[] ms = new double[REQUESTS];
    for (int i = -WARMUPS; i < REQUESTS; i++) {
      long t0 = System.nanoTime();
      HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      long nanos = System.nanoTime() - t0;
      if (r.statusCode() != 304) {
        throw new IOException("GET " + uri + " with If-None-Match answered " + r.statusCode());
      }
      if (i >= 0) {
        ms[i] = nanos / 1e6;
      }
    }
    return new Latencies(ms, 0, null);
  }

  /** The first request after each of a few collection cycles: the one that finds the cache stale and makes the list again. */
  private static double[] afterCycles(TestApp app, HttpClient http, URI uri) throws IOException, InterruptedException {
    double[] ms = new double[3];
    for (int i = 0; i < ms.length; i++) {
      if (!app.collectNow()) {
        throw new IOException("collection cycle failed");
      }
      long t0 = System.nanoTime();
      HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      ms[i] = (System.nanoTime() - t0) / 1e6;
      if (r.statusCode() != 200) {
        throw new IOException("GET " + uri + " answered " + r.statusCode());
      }
    }
    return ms;
  }

  private static Latencies sequential(HttpClient http, URI uri, boolean gzip) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET();
    if (gzip) {
      b.header("Accept-Encoding", "gzip");
    }
    HttpRequest request = b.build();
    double[] ms = new double[REQUESTS];
    long bytes = 0;
    String encoding = null;
    for (int i = -WARMUPS; i < REQUESTS; i++) {
      long t0 = System.nanoTime();
      HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      long nanos = System.nanoTime() - t0;
      if (r.statusCode() != 200) {
        throw new IOException("GET " + uri + " answered " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
      }
      if (i >= 0) {
        ms[i] = nanos / 1e6;
      }
      bytes = r.body().length;
      encoding = r.headers().firstValue("Content-Encoding").orElse(null);
    }
    return new Latencies(ms, bytes, encoding);
  }

  private static List<JsonNode> pageLoads(String base) throws IOException {
    Path profile = Files.createTempDirectory("vscope-bench-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,800", "--user-data-dir=" + profile);
    int port = PortProber.findFreePort();
    ChromeDriverService service = new ChromeDriverService(new File("/usr/bin/chromedriver"), port, Duration.ofSeconds(30), List.of("--port=" + port), Map.of());
    service.sendOutputTo(OutputStream.nullOutputStream());
    ChromeDriver driver = new ChromeDriver(service, options);
    try {
      driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
      driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", PROBE));
      List<JsonNode> out = new ArrayList<>();
      for (int i = 0; i < PAGE_LOADS; i++) {
        driver.get("about:blank");
        driver.get(base + "/vms.html");
        Object json = driver.executeAsyncScript(WAIT);
        out.add(JSON.readTree(String.valueOf(json)));
      }
      return out;
    } finally {
      driver.quit();
      Measure.deleteTree(profile);
    }
  }

  /**
   * What a load run gave. A request still unanswered when the run ends is counted by no load tool,
   * so the server's own error log lines during the run and whether it still answers right after
   * are part of the result.
   */
  record Load(String tool, double requestsPerSecond, long requests, String p50, String p99, long non2xx, String socketErrors,
      long errorCount, long serverErrors, double afterMs, String raw) {

    Load withServer(long errors, double after) {
      return new Load(tool, requestsPerSecond, requests, p50, p99, non2xx, socketErrors, errorCount, errors, after,
          raw + String.format(Locale.ROOT, "; server logged %d error(s) until it answered GET /api/v1/status again, %s after the load",
              errors, after < 0 ? "not within 90 s" : Measure.ms(after)));
    }
  }

  private static Load load(HttpClient http, String base, String path, int seconds) throws IOException, InterruptedException {
    long errors0 = ErrorLines.count();
    Load l = wrk() != null ? wrk(base + path, seconds) : javaLoad(base + path, seconds);
    // The server may still be working through requests the load tool gave up on: wait until it
    // answers a small request again (at most 90 s), and count what it logged until then.
    long t0 = System.nanoTime();
    double after = -1;
    while (after < 0 && System.nanoTime() - t0 < 90_000_000_000L) {
      long s = System.nanoTime();
      try {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/status")).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() == 200) {
          after = (System.nanoTime() - t0) / 1e6;
        }
      } catch (IOException e) {
        // not answering yet
      }
      if (after < 0) {
        Thread.sleep(Math.max(0, 1_000 - (System.nanoTime() - s) / 1_000_000));
      }
    }
    return l.withServer(ErrorLines.count() - errors0, after);
  }

  /** Counts the lines written to System.err that report an error (slf4j-simple writes there, resolving System.err at each call). */
  static final class ErrorLines extends java.io.PrintStream {
    private static final java.util.concurrent.atomic.AtomicLong COUNT = new java.util.concurrent.atomic.AtomicLong();
    private static boolean installed;

    private ErrorLines(java.io.PrintStream out) {
      super(out, true, StandardCharsets.UTF_8);
    }

    static synchronized long count() {
      if (!installed) {
        System.setErr(new ErrorLines(System.err));
        installed = true;
      }
      return COUNT.get();
    }

    @Override
    public void println(String x) {
      if (x != null && (x.contains(" ERROR ") || x.startsWith("java.lang.OutOfMemoryError"))) {
        COUNT.incrementAndGet();
      }
      super.println(x);
    }
  }

  private static String wrk() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, "wrk"))) {
        return Path.of(dir, "wrk").toString();
      }
    }
    return null;
  }

  private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
  private static final Pattern P50 = Pattern.compile("\\s50%\\s+(\\S+)");
  private static final Pattern P99 = Pattern.compile("\\s99%\\s+(\\S+)");
  private static final Pattern NON2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
  private static final Pattern SOCKET = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
  private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in ([^,]+), (\\S+) read");

  /** wrk's own timeout is 2 s by default; it is raised so that slow answers are measured rather than dropped. */
  static final String WRK_TIMEOUT = "30s";

  private static Load wrk(String url, int seconds) throws IOException, InterruptedException {
    List<String> cmd = List.of(wrk(), "-t2", "-c" + CLIENTS, "-d" + seconds + "s", "--latency", "--timeout", WRK_TIMEOUT, url);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    Matcher rps = RPS.matcher(out);
    Matcher p50 = P50.matcher(out);
    Matcher p99 = P99.matcher(out);
    Matcher non2xx = NON2XX.matcher(out);
    Matcher socket = SOCKET.matcher(out);
    Matcher total = TOTAL.matcher(out);
    long errors = 0;
    String socketErrors = "none";
    if (socket.find()) {
      socketErrors = String.format(Locale.ROOT, "connect %s, read %s, write %s, timeout %s", socket.group(1), socket.group(2), socket.group(3), socket.group(4));
      for (int g = 1; g <= 4; g++) {
        errors += Long.parseLong(socket.group(g));
      }
    }
    String summary = String.join(" ", cmd.subList(1, cmd.size())) + " → " + (total.find() ? total.group(0) : "?")
        + "; " + out.replaceAll("\\s+", " ").trim();
    long requests = total.find(0) ? Long.parseLong(total.group(1)) : 0;
    return new Load("wrk", rps.find() ? Double.parseDouble(rps.group(1)) : 0, requests, p50.find() ? p50.group(1) : "?",
        p99.find() ? p99.group(1) : "?", non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0, socketErrors, errors, 0, 0, summary);
  }

  /** Without wrk: 200 platform threads (no virtual threads on Java 17), each sending requests back to back. */
  private static Load javaLoad(String url, int seconds) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build();
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    AtomicLong non2xx = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    CountDownLatch done = new CountDownLatch(CLIENTS);
    long t0 = System.nanoTime();
    for (int i = 0; i < CLIENTS; i++) {
      pool.execute(() -> {
        try {
          while (System.nanoTime() < end) {
            long s = System.nanoTime();
            try {
              HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
              latencies.add(System.nanoTime() - s);
              if (r.statusCode() / 100 != 2) {
                non2xx.incrementAndGet();
              }
            } catch (IOException e) {
              errors.incrementAndGet();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
          }
        } finally {
          done.countDown();
        }
      });
    }
    done.await();
    double elapsed = (System.nanoTime() - t0) / 1e9;
    pool.shutdown();
    pool.awaitTermination(10, TimeUnit.SECONDS);
    double[] ms = latencies.stream().mapToDouble(n -> n / 1e6).toArray();
    String p50 = ms.length == 0 ? "?" : Measure.ms(Measure.percentile(ms, 50));
    String p99 = ms.length == 0 ? "?" : Measure.ms(Measure.percentile(ms, 99));
    double rps = ms.length / elapsed;
    String raw = String.format(Locale.ROOT, "%d threads × %d s: %,d requests, %.1f/s, p50 %s, p99 %s, non-2xx %d, errors %d", CLIENTS, seconds,
        ms.length, rps, p50, p99, non2xx.get(), errors.get());
    return new Load("java (200 threads)", rps, ms.length, p50, p99, non2xx.get(), String.valueOf(errors.get()), errors.get(), 0, 0, raw);
  }
}
