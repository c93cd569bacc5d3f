package dev.vscope.store.prom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vscope.store.Sample;
import dev.vscope.store.Series;
import dev.vscope.store.StoreException;
import dev.vscope.store.TimeRange;
import dev.vscope.store.UnknownSeriesException;
import dev.vscope.testing.MutableClock;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store against {@link FakeEngine}: protocol, buffering, retries and reads, no real engine. */
class PrometheusHistoryStoreTest {

  /** 2023-11-15T00:00:00Z: a multiple of every step up to a day. */
  private static final long T0 = 1_700_006_400L;

  private static final String VM = "demo:vm-42";
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path temp;

  private FakeEngine engine;
  private MutableClock clock;
  private final List<PrometheusHistoryStore> stores = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    engine = new FakeEngine();
    clock = new MutableClock(Instant.ofEpochSecond(T0 + 3_600));
  }

  @AfterEach
  void stop() {
    stores.forEach(PrometheusHistoryStore::close);
    engine.close();
  }

  private PrometheusStoreConfig config(String token, String user, String password) {
    return new PrometheusStoreConfig(
        engine.writeUrl(), engine.readUrl(), token, user, password, temp.resolve("buffer"), Duration.ofSeconds(5));
  }

  private PrometheusHistoryStore open() {
    return open(config(null, null, null), FileChannel::open);
  }

  private PrometheusHistoryStore open(PrometheusStoreConfig config, SegmentBuffer.ChannelOpener opener) {
    PrometheusHistoryStore store =
        PrometheusHistoryStore.open(
            config, clock, SegmentBuffer.DEFAULT_SEGMENT_BYTES, opener, new Backoff(Duration.ofMillis(10), Duration.ofMillis(50)));
    stores.add(store);
    return store;
  }

  private void closeStore(PrometheusHistoryStore store) {
    store.close();
    stores.remove(store);
  }

  private static List<Sample> samples(long first, double... values) {
    List<Sample> out = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      out.add(new Sample(first + 20L * i, values[i]));
    }
    return out;
  }

  private static WireDecoder.Sample at(long epochSecond, double value) {
    return new WireDecoder.Sample(value, epochSecond * 1000);
  }

  private static void delivered(PrometheusHistoryStore store) throws InterruptedException {
    assertThat(store.awaitDelivered(WAIT)).as("buffer drained").isTrue();
  }

  // --- writing -------------------------------------------------------------------------------

  @Test
  void sendsRemoteWriteRequestsWithTheProtocolHeadersAndOneSeriesPerMetric() throws Exception {
    PrometheusHistoryStore store = open(config("s3cret", null, null), FileChannel::open);

    store.write(
        VM,
        Map.of(
            "cpu.usage", samples(T0 + 20, 10, Double.NaN, 30),
            "net.rx[vmnic0]", samples(T0 + 20, 1.5)));
    delivered(store);

    assertThat(engine.writes).hasSize(1);
    FakeEngine.WriteCall call = engine.writes.get(0);
    assertThat(call.headers())
        .containsEntry("method", "POST")
        .containsEntry("content-encoding", "snappy")
        .containsEntry("content-type", "application/x-protobuf")
        .containsEntry("x-prometheus-remote-write-version", "0.1.0")
        .containsEntry("authorization", "Bearer s3cret");
    assertThat(call.series()).hasSize(2);
    WireDecoder.TimeSeries cpu = call.series().get(0);
    assertThat(cpu.labels())
        .containsExactly(
            new WireDecoder.Label("__name__", "vscope_history"),
            new WireDecoder.Label("entity", VM),
            new WireDecoder.Label("metric", "cpu.usage"),
            new WireDecoder.Label("vcenter", "demo"));
    assertThat(cpu.samples()).as("NaN is a gap: not sent").containsExactly(at(T0 + 20, 10), at(T0 + 60, 30));
    assertThat(call.series().get(1).label("metric")).isEqualTo("net.rx[vmnic0]");
    assertThat(call.series().get(1).samples()).containsExactly(at(T0 + 20, 1.5));
  }

  @Test
  void usesBasicAuthenticationOnWritesAndReads() throws Exception {
    engine.answers.put("/api/v1/label/metric/values", p -> "{\"status\":\"success\",\"data\":[]}");
    PrometheusHistoryStore store = open(config(null, "vscope", "pa:ss"), FileChannel::open);

    store.write(VM, Map.of("cpu.usage", samples(T0, 1)));
    delivered(store);
    store.metrics(VM);

    String expected = "Basic " + Base64.getEncoder().encodeToString("vscope:pa:ss".getBytes(StandardCharsets.UTF_8));
    assertThat(engine.writes.get(0).headers()).containsEntry("authorization", expected);
    assertThat(engine.queries.get(0).authorization()).isEqualTo(expected);
  }

  @Test
  void stampsOn20SecondBoundariesAndDropsOverlappingSamples() throws Exception {
    PrometheusHistoryStore store = open();

    store.write(VM, Map.of("cpu.usage", List.of(new Sample(T0 + 19, 1), new Sample(T0 + 29, 2), new Sample(T0 + 31, 3))));
    store.write(VM, Map.of("cpu.usage", samples(T0 + 20, 9, 9, 4))); // T0+20, +40 overlap, +60 is new
    delivered(store);

    assertThat(engine.accepted().get(VM + "|cpu.usage"))
        .as("T0+19 is stamped T0, T0+29 T0+20, T0+31 T0+20 again (ignored); then T0+20 overlaps, T0+40 and T0+60 are new")
        .containsExactly(at(T0, 1), at(T0 + 20, 2), at(T0 + 40, 9), at(T0 + 60, 4));
    assertThat(store.lastTimestamp(VM, "cpu.usage")).hasValue(T0 + 60);
    assertThat(engine.queries).as("known locally, the engine is not asked").isEmpty();
  }

  @Test
  void ignoresSamplesFromTheFuture() throws Exception {
    PrometheusHistoryStore store = open();
    long now = clock.instant().getEpochSecond();

    store.write(VM, Map.of("cpu.usage", List.of(new Sample(now, 1), new Sample(now + 7_200, 2))));
    store.write(VM, Map.of("cpu.usage", List.of(new Sample(now + 20, 3))));
    delivered(store);

    assertThat(engine.accepted().get(VM + "|cpu.usage")).containsExactly(at(now, 1), at(now + 20, 3));
  }

  @Test
  void retriesWhileTheEngineFailsAndDeliversEverythingInOrder() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    engine.writeStatus = series -> calls.incrementAndGet() <= 4 ? 503 : 204;
    PrometheusHistoryStore store = open();

    for (int i = 0; i < 30; i++) {
      store.write(VM, Map.of("cpu.usage", samples(T0 + 20L * i, i)));
      store.write("demo:host-1", Map.of("cpu.usage", samples(T0 + 20L * i, 100 + i)));
    }
    delivered(store);

    List<WireDecoder.Sample> vm = engine.accepted().get(VM + "|cpu.usage");
    assertThat(vm).hasSize(30);
    for (int i = 0; i < 30; i++) {
      assertThat(vm.get(i)).isEqualTo(at(T0 + 20L * i, i));
    }
    assertThat(engine.accepted().get("demo:host-1|cpu.usage")).hasSize(30);
    assertThat(engine.writes.stream().filter(w -> w.status() == 503)).hasSize(4);
    assertThat(store.rejectedRecords()).isZero();
  }

  @Test
  void keepsRetryingOnAMisconfiguredEndpointInsteadOfDroppingData() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    engine.writeStatus = series -> calls.incrementAndGet() <= 3 ? 404 : calls.get() <= 5 ? 401 : 204;
    PrometheusHistoryStore store = open();

    store.write(VM, Map.of("cpu.usage", samples(T0, 1, 2)));
    delivered(store);

    assertThat(engine.accepted().get(VM + "|cpu.usage")).containsExactly(at(T0, 1), at(T0 + 20, 2));
    assertThat(store.rejectedRecords()).isZero();
  }

  @Test
  void aRejectedRequestIsSplitAndOnlyThePoisonRecordIsDropped() throws Exception {
    // The records pile up in the buffer first (engine refusing with 503, then a restart of the
    // store), so they go out in one request; the engine then answers 400 to any request holding
    // the poison value, as Prometheus refuses a whole request for one bad sample.
    AtomicInteger phase = new AtomicInteger();
    engine.writeStatus =
        series -> {
          if (phase.get() == 0) {
            return 503;
          }
          boolean poison = series.stream().flatMap(s -> s.samples().stream()).anyMatch(s -> s.value() == 666);
          return poison ? 400 : 204;
        };
    PrometheusHistoryStore first = open();
    for (int i = 0; i < 10; i++) {
      first.write("demo:vm-" + i, Map.of("cpu.usage", samples(T0, i == 4 ? 666 : i)));
    }
    closeStore(first);
    phase.set(1);
    PrometheusHistoryStore store = open();
    delivered(store);

    assertThat(engine.writes)
        .filteredOn(w -> w.status() == 400)
        .extracting(w -> w.series().size())
        .as("the whole request, then the poison record alone")
        .containsExactly(10, 1);
    Map<String, List<WireDecoder.Sample>> accepted = engine.accepted();
    assertThat(accepted).hasSize(9).doesNotContainKey("demo:vm-4|cpu.usage");
    assertThat(accepted.get("demo:vm-9|cpu.usage")).containsExactly(at(T0, 9));
    assertThat(store.rejectedRecords()).isEqualTo(1);

    store.write(VM, Map.of("cpu.usage", samples(T0, 7)));
    delivered(store);
    assertThat(engine.accepted().get(VM + "|cpu.usage")).as("later writes go on").containsExactly(at(T0, 7));
  }

  @Test
  void aRestartResumesFromTheBufferAndRemembersWhatWasWritten() throws Exception {
    engine.writeStatus = series -> 503;
    PrometheusHistoryStore store = open();
    store.write(VM, Map.of("cpu.usage", samples(T0, 1, 2, 3), "mem.usage", samples(T0, 5)));
    store.write(VM, Map.of("cpu.usage", samples(T0 + 60, 4)));
    Thread.sleep(100);
    assertThat(store.pendingBytes()).isPositive();
    closeStore(store);

    engine.writeStatus = series -> 204;
    PrometheusHistoryStore again = open();
    assertThat(again.lastTimestamp(VM, "cpu.usage")).as("learnt from the buffer").hasValue(T0 + 60);
    assertThat(again.lastTimestamp(VM, "mem.usage")).hasValue(T0);
    again.write(VM, Map.of("cpu.usage", samples(T0 + 40, 9, 9, 5))); // overlaps the buffered ones
    delivered(again);

    assertThat(engine.accepted().get(VM + "|cpu.usage"))
        .containsExactly(at(T0, 1), at(T0 + 20, 2), at(T0 + 40, 3), at(T0 + 60, 4), at(T0 + 80, 5));
    assertThat(engine.queries).isEmpty();
  }

  @Test
  void aFullDiskFailsTheWriteClearlyAndLosesNothingBuffered() throws Exception {
    engine.writeStatus = series -> 503; // keep everything in the buffer
    FullDiskChannel.Disk disk = new FullDiskChannel.Disk(Long.MAX_VALUE);
    PrometheusHistoryStore store = open(config(null, null, null), disk);
    store.write(VM, Map.of("cpu.usage", samples(T0, 1)));
    disk.space.set(20);

    assertThatThrownBy(() -> store.write(VM, Map.of("cpu.usage", samples(T0 + 20, 2))))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("cannot buffer samples of " + VM)
        .hasMessageContaining("No space left on device")
        .satisfies(e -> assertThat(((StoreException) e).path()).isEqualTo(temp.resolve("buffer").toAbsolutePath()));

    disk.space.set(Long.MAX_VALUE);
    engine.writeStatus = series -> 204;
    store.write(VM, Map.of("cpu.usage", samples(T0 + 20, 2))); // the failed samples are taken again
    delivered(store);
    assertThat(engine.accepted().get(VM + "|cpu.usage")).containsExactly(at(T0, 1), at(T0 + 20, 2));
  }

  @Test
  void refusesEmptyNamesAndUseAfterClose() {
    PrometheusHistoryStore store = open();
    assertThatThrownBy(() -> store.write("", Map.of("m", samples(T0, 1)))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.write(VM, Map.of("", samples(T0, 1)))).isInstanceOf(IllegalArgumentException.class);
    closeStore(store);
    assertThatThrownBy(() -> store.write(VM, Map.of("m", samples(T0, 1)))).isInstanceOf(IllegalStateException.class);
  }

  // --- reading -------------------------------------------------------------------------------

  @Test
  void readAsksForAlignedStepsAndPlacesPointsWithNaNForGaps() {
    engine.answers.put(
        "/api/v1/query_range",
        p -> {
          long start = Long.parseLong(p.get("start"));
          return "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
              + "{\"metric\":{\"entity\":\"demo:vm-42\",\"vscope_agg\":\"avg\"},\"values\":[["
              + start + ",\"1.5\"],[" + (start + 600) + ",\"2.5\"]]},"
              + "{\"metric\":{\"entity\":\"demo:vm-42\",\"vscope_agg\":\"max\"},\"values\":[["
              + start + ",\"3\"],[" + (start + 600) + ",\"+Inf\"]]}]}}";
        });
    PrometheusHistoryStore store = open();
    Instant end = Instant.ofEpochSecond(T0 + 299); // not on a boundary: the last point is T0

    Series series = store.read(VM, "cpu.usage", TimeRange.DAY, end);

    FakeEngine.QueryCall call = engine.queries.get(0);
    long first = T0 - 287 * 300L;
    assertThat(call.params())
        .containsEntry("start", Long.toString(first))
        .containsEntry("end", Long.toString(T0))
        .containsEntry("step", "300")
        .containsEntry("nocache", "1")
        .containsEntry("query", PromQl.avgAndMax(new SeriesKey(VM, "cpu.usage"), 300));
    assertThat(series.points()).hasSize(288);
    assertThat(series.stepSeconds()).isEqualTo(300);
    assertThat(series.points().get(0)).isEqualTo(new Series.Point(first, 1.5, 3));
    assertThat(series.points().get(1).avg()).isNaN();
    assertThat(series.points().get(1).max()).isNaN();
    assertThat(series.points().get(2)).isEqualTo(new Series.Point(first + 600, 2.5, Double.POSITIVE_INFINITY));
    assertThat(series.points().get(287).epochSecond()).isEqualTo(T0);
    assertThat(series.points().get(287).avg()).isNaN();
  }

  @Test
  void readOfASeriesTheEngineDoesNotKnowIsUnknown() {
    engine.answers.put("/api/v1/query_range", p -> "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}");
    engine.answers.put("/api/v1/series", p -> p.get("match[]").contains("cpu.usage")
        ? "{\"status\":\"success\",\"data\":[{\"__name__\":\"vscope_history\"}]}"
        : "{\"status\":\"success\",\"data\":[]}");
    PrometheusHistoryStore store = open();
    Instant end = Instant.ofEpochSecond(T0);

    assertThatThrownBy(() -> store.read(VM, "nope", TimeRange.HOUR, end))
        .isInstanceOf(UnknownSeriesException.class);
    Series known = store.read(VM, "cpu.usage", TimeRange.HOUR, end);
    assertThat(known.points()).hasSize(180).allSatisfy(p -> assertThat(p.avg()).isNaN());
  }

  @Test
  void readOfASeriesWrittenHereButNotYetDeliveredIsEmptyNotUnknown() {
    engine.writeStatus = series -> 503;
    engine.answers.put("/api/v1/query_range", p -> "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}");
    PrometheusHistoryStore store = open();
    store.write(VM, Map.of("cpu.usage", samples(T0, 1)));

    assertThat(store.read(VM, "cpu.usage", TimeRange.HOUR, Instant.ofEpochSecond(T0)).points()).hasSize(180);
    assertThat(engine.queries).extracting(FakeEngine.QueryCall::path).containsExactly("/api/v1/query_range");
  }

  @Test
  void readFailsWithAStoreExceptionNamingTheEngineWhenItIsDown() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    URI down = URI.create("http://127.0.0.1:" + port);
    PrometheusHistoryStore store =
        open(new PrometheusStoreConfig(down.resolve("/api/v1/write"), down, null, null, null, temp.resolve("b2"), Duration.ofSeconds(2)),
            FileChannel::open);

    assertThatThrownBy(() -> store.read(VM, "cpu.usage", TimeRange.HOUR, Instant.ofEpochSecond(T0)))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("cannot reach the history engine at " + down + "/api/v1/query_range");
  }

  @Test
  void engineErrorsAreReportedWithTheirReason() {
    engine.answers.put("/api/v1/query_range", p -> "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error\"}");
    PrometheusHistoryStore store = open();

    assertThatThrownBy(() -> store.read(VM, "cpu.usage", TimeRange.HOUR, Instant.ofEpochSecond(T0)))
        .isInstanceOf(RemoteStoreException.class)
        .hasMessageContaining("bad_data: parse error");
  }

  @Test
  void metricsJoinsTheEnginesAndTheOnesWrittenHere() {
    engine.answers.put(
        "/api/v1/label/metric/values", p -> "{\"status\":\"success\",\"data\":[\"net.rx[vmnic0]\",\"cpu.usage\"]}");
    engine.writeStatus = series -> 503;
    PrometheusHistoryStore store = open();
    store.write(VM, Map.of("mem.usage", samples(T0, 1)));
    store.write("demo:vm-43", Map.of("other", samples(T0, 1)));

    assertThat(store.metrics(VM)).containsExactly("cpu.usage", "mem.usage", "net.rx[vmnic0]");
    assertThat(engine.queries.get(0).params()).containsEntry("match[]", "vscope_history{entity=\"demo:vm-42\"}");
  }

  @Test
  void lastTimestampAsksTheEngineOnceForTheWholeEntity() {
    engine.answers.put(
        "/api/v1/query",
        p -> "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
            + "{\"metric\":{\"entity\":\"demo:vm-42\",\"metric\":\"cpu.usage\"},\"value\":[1,\"" + (T0 + 40) + ".000\"]},"
            + "{\"metric\":{\"entity\":\"demo:vm-42\",\"metric\":\"mem.usage\"},\"value\":[1,\"" + T0 + "\"]}]}}");
    PrometheusHistoryStore store = open();

    assertThat(store.lastTimestamp(VM, "cpu.usage")).hasValue(T0 + 40);
    assertThat(store.lastTimestamp(VM, "mem.usage")).hasValue(T0);
    assertThat(engine.queries).hasSize(1);
    long now = clock.instant().getEpochSecond();
    assertThat(engine.queries.get(0).params())
        .containsEntry("query", PromQl.lastTimestamps(VM, 7_200, 20))
        .containsEntry("time", Long.toString(now + 3_600));

    assertThat(store.lastTimestamp(VM, "disk.used")).isEqualTo(OptionalLong.empty());
    store.write(VM, Map.of("cpu.usage", samples(T0 + 20, 1, 2)));
    assertThat(store.lastTimestamp(VM, "cpu.usage")).as("T0+20 and T0+40 were already there").hasValue(T0 + 40);
  }

  @Test
  void pruningIsTheEnginesJob() {
    PrometheusHistoryStore store = open();
    store.write(VM, Map.of("cpu.usage", samples(T0, 1)));
    assertThat(store.pruneNotUpdatedSince(Instant.ofEpochSecond(T0 + 1_000))).isZero();
  }
}
