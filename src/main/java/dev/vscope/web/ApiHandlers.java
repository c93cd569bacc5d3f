package dev.vscope.web;

import dev.vscope.collect.Metric;
import dev.vscope.collect.SnapshotSource;
import dev.vscope.collect.VcenterSnapshot;
import dev.vscope.collect.VcenterStatus;
import dev.vscope.config.ThresholdsConfig;
import dev.vscope.store.HistoryStore;
import dev.vscope.store.Series;
import dev.vscope.store.TimeRange;
import dev.vscope.store.UnknownSeriesException;
import dev.vscope.Json;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The handlers of {@code /api/v1}: each reads the snapshot and the store through the caller's
 * {@link Viewer}, so that nothing hidden can be read, listed or counted.
 */
final class ApiHandlers {

  private static final int MAX_PARAM = 512;

  private final InventoryView inventory;
  private final SnapshotSource snapshots;
  private final HistoryStore store;
  private final Clock clock;
  private final long intervalSeconds;
  private final ThresholdsConfig thresholds;
  private final Function<Context, Viewer> viewers;

  ApiHandlers(SnapshotSource snapshots, HistoryStore store, Clock clock, long intervalSeconds, ThresholdsConfig thresholds,
      Function<Context, Viewer> viewers) {
    this.inventory = new InventoryView(snapshots);
    this.snapshots = snapshots;
    this.store = store;
    this.clock = clock;
    this.intervalSeconds = intervalSeconds;
    this.thresholds = thresholds;
    this.viewers = viewers;
  }

  void datacenters(Context ctx) {
    ctx.json(inventory.datacenters(viewers.apply(ctx)));
  }

  void hosts(Context ctx) throws IOException {
    writeJson(ctx, inventory.hosts(viewers.apply(ctx), param(ctx, "datacenter", false)));
  }

  void datastores(Context ctx) throws IOException {
    writeJson(ctx, inventory.datastores(viewers.apply(ctx), param(ctx, "datacenter", false)));
  }

  void vms(Context ctx) throws IOException {
    writeJson(ctx, inventory.vms(viewers.apply(ctx), param(ctx, "datacenter", false)));
  }

  /**
   * Serializes straight into the response as it is sent. The lists run to megabytes for tens of
   * thousands of VMs; built whole (or piped through a buffer) for each of hundreds of concurrent
   * readers they exhausted the heap, while this keeps one socket buffer per request.
   */
  private static void writeJson(Context ctx, Object value) throws IOException {
    ctx.contentType("application/json");
    Json.mapper().writeValue(ctx.outputStream(), value);
  }

  void entity(Context ctx) {
    String id = ctx.pathParam("id");
    checkLength("id", id);
    InventoryView.Found f = inventory.find(viewers.apply(ctx), id).orElseThrow(() -> ApiException.notFound("entity " + id));
    List<Map<String, String>> metrics = new ArrayList<>();
    for (String m : store.metrics(id)) {
      Metric.unitOf(f.kind(), m).ifPresent(unit -> metrics.add(Map.of("name", m, "unit", unit)));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", f.id());
    out.put("name", f.name());
    out.put("type", f.kind().name().toLowerCase(java.util.Locale.ROOT));
    out.put("datacenter", f.datacenter());
    out.put("properties", f.row());
    out.put("metrics", metrics);
    ctx.json(out);
  }

  void series(Context ctx) {
    String id = param(ctx, "entity", true);
    String metric = param(ctx, "metric", true);
    String rangeName = param(ctx, "range", false);
    TimeRange range = rangeName == null ? TimeRange.HOUR : TimeRange.parse(rangeName);
    if (range == null) {
      throw ApiException.badRequest("range must be one of hour, day, week, month, year");
    }
    InventoryView.Found f = inventory.find(viewers.apply(ctx), id).orElseThrow(() -> ApiException.notFound("entity " + id));
    String unit = Metric.unitOf(f.kind(), metric).orElseThrow(() -> ApiException.notFound("metric " + metric));
    Series s;
    try {
      s = store.read(id, metric, range, clock.instant());
    } catch (UnknownSeriesException e) {
      throw ApiException.notFound("metric " + metric);
    }
    List<Object[]> points = new ArrayList<>(s.points().size());
    for (Series.Point p : s.points()) {
      points.add(new Object[] {p.epochSecond(), finite(p.avg()), finite(p.max())});
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("entity", id);
    out.put("metric", metric);
    out.put("unit", unit);
    out.put("range", range.key());
    out.put("step", s.stepSeconds());
    out.put("points", points);
    ctx.json(out);
  }

  /** Collection status; the skipped entities listed are only those the viewer may see. */
  void status(Context ctx) {
    Viewer viewer = viewers.apply(ctx);
    List<VcenterStatus> out = new ArrayList<>();
    for (VcenterSnapshot s : snapshots.snapshots()) {
      VcenterStatus st = s.status();
      Map<String, String> skipped = new LinkedHashMap<>();
      st.skipped().forEach((id, why) -> {
        if (viewer.canSee(id)) {
          skipped.put(id, why);
        }
      });
      out.add(new VcenterStatus(st.name(), st.state(), st.lastAttempt(), st.lastSuccess(), st.durationMs(), st.error(), st.errorAt(),
          st.intervalSeconds(), st.recentDurationsMs(), skipped, st.missingCounters()));
    }
    ctx.json(Map.of("vcenters", out, "now", clock.instant()));
  }

  void settings(Context ctx) {
    ctx.json(Map.of("intervalSeconds", intervalSeconds, "thresholds", thresholds, "ranges",
        Arrays.stream(TimeRange.values()).map(TimeRange::key).toList()));
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  private static String param(Context ctx, String name, boolean required) {
    String v = ctx.queryParam(name);
    if (v == null || v.isEmpty()) {
      if (required) {
        throw ApiException.badRequest("parameter '" + name + "' is required");
      }
      return null;
    }
    checkLength(name, v);
    return v;
  }

  private static void checkLength(String name, String v) {
    if (v.length() > MAX_PARAM) {
      throw ApiException.badRequest("parameter '" + name + "' is too long");
    }
  }
}
