package dev.vscope.web;

import dev.vscope.alert.ChannelStatus;
import dev.vscope.collect.Inventory;
import dev.vscope.collect.Metric;
import dev.vscope.collect.SnapshotSource;
import dev.vscope.collect.VcenterSnapshot;
import dev.vscope.collect.VcenterStatus;
import dev.vscope.config.ThresholdsConfig;
import dev.vscope.store.HistoryStore;
import dev.vscope.store.Series;
import dev.vscope.store.TimeRange;
import dev.vscope.store.UnknownSeriesException;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The handlers of {@code /api/v1}: each reads the snapshot and the store through the caller's
 * {@link Viewer}, so that nothing hidden can be read, listed or counted.
 */
final class ApiHandlers {

  /**
   * 32 MiB holds eight lists of 5,500 VMs (3.3 MB of JSON and 0.3 MB gzip'd each): a few
   * datacenters and visible sets. Two builds at once keep a burst of misses from filling the heap.
   */
  private static final long CACHE_BYTES = 32L * 1024 * 1024;
  private static final int CACHE_ENTRIES = 16;
  private static final int CACHE_BUILDS = 2;

  private final InventoryView inventory;
  private final SnapshotSource snapshots;
  private final HistoryStore store;
  private final Clock clock;
  private final long intervalSeconds;
  private final ThresholdsConfig thresholds;
  private final Function<Context, Viewer> viewers;
  private final Supplier<List<ChannelStatus>> channels;
  private final ListCache lists = new ListCache(CACHE_BYTES, CACHE_ENTRIES, CACHE_BUILDS);

  ApiHandlers(SnapshotSource snapshots, HistoryStore store, Clock clock, long intervalSeconds, ThresholdsConfig thresholds,
      Function<Context, Viewer> viewers, Supplier<List<ChannelStatus>> channels) {
    this.inventory = new InventoryView(snapshots);
    this.snapshots = snapshots;
    this.store = store;
    this.clock = clock;
    this.intervalSeconds = intervalSeconds;
    this.thresholds = thresholds;
    this.viewers = viewers;
    this.channels = channels;
  }

  void datacenters(Context ctx) {
    Params.only(ctx);
    ctx.json(inventory.datacenters(viewers.apply(ctx)));
  }

  void hosts(Context ctx) throws IOException {
    list(ctx, "hosts", InventoryView::hosts);
  }

  void datastores(Context ctx) throws IOException {
    list(ctx, "datastores", InventoryView::datastores);
  }

  void vms(Context ctx) throws IOException {
    list(ctx, "vms", InventoryView::vms);
  }

  /**
   * {@code clusters?datacenter=&target=&nplus1=}: a few rows per datacenter, made per request (the
   * capacity depends on the parameters), so not kept in the list cache.
   */
  void clusters(Context ctx) {
    Params.only(ctx, "datacenter", "target", "nplus1");
    String datacenter = Params.optional(ctx, "datacenter");
    String target = Params.optional(ctx, "target");
    String nPlusOne = Params.optional(ctx, "nplus1");
    int targetPercent = ClusterPlan.DEFAULT_TARGET;
    if (target != null) {
      try {
        targetPercent = Integer.parseInt(target);
      } catch (NumberFormatException ignored) {
        targetPercent = -1; // refused below, with the same message as a number out of range
      }
      if (targetPercent < 1 || targetPercent > 100) {
        throw ApiException.badRequest("parameter 'target' must be a whole number from 1 to 100");
      }
    }
    if (nPlusOne != null && !nPlusOne.equals("true") && !nPlusOne.equals("false")) {
      throw ApiException.badRequest("parameter 'nplus1' must be true or false");
    }
    ctx.json(inventory.clusters(viewers.apply(ctx), datacenter, targetPercent, "true".equals(nPlusOne)));
  }

  /**
   * {@code resourcePools?cluster=}: one cluster's pool tree. A few rows, made per request like
   * {@code clusters}; an unknown cluster and one the caller may not see are the same 404.
   */
  void resourcePools(Context ctx) {
    Params.only(ctx, "cluster");
    String cluster = Params.required(ctx, "cluster");
    ctx.json(inventory.resourcePools(viewers.apply(ctx), cluster).orElseThrow(() -> ApiException.notFound("cluster " + cluster)));
  }

  /**
   * {@code datastores/vms?datastore=}: the VMs of one datastore with their space on it and their
   * disk latency (issue 12); a hidden datastore is answered as an unknown one.
   */
  void datastoreVms(Context ctx) {
    Params.only(ctx, "datastore");
    String id = Params.required(ctx, "datastore");
    ctx.json(inventory.datastoreVms(viewers.apply(ctx), id).orElseThrow(() -> ApiException.notFound("datastore " + id)));
  }

  /** {@code snapshots?datacenter=}: every snapshot of the VMs the caller may see, oldest first (issue 13). */
  void snapshots(Context ctx) {
    Params.only(ctx, "datacenter");
    ctx.json(inventory.snapshots(viewers.apply(ctx), Params.optional(ctx, "datacenter")));
  }

  /** {@code alarms?datacenter=}: the alarms triggered on the entities the caller may see (issue 13). */
  void alarms(Context ctx) {
    Params.only(ctx, "datacenter");
    ctx.json(inventory.alarms(viewers.apply(ctx), Params.optional(ctx, "datacenter")));
  }

  /** How one list is made from a view of fixed snapshots. */
  private interface ListMaker {
    List<?> rows(InventoryView view, Viewer viewer, String datacenter);
  }

  /** Answers a list from the cache, made from the snapshots current now (read once, so that the answer and its key agree). */
  private void list(Context ctx, String name, ListMaker maker) throws IOException {
    Params.only(ctx, "datacenter");
    Viewer viewer = viewers.apply(ctx);
    String datacenter = Params.optional(ctx, "datacenter");
    List<VcenterSnapshot> current = snapshots.snapshots();
    ListCache.Key key = new ListCache.Key(name, datacenter, viewer.visibilityKey(), current);
    ListCache.Answer answer = lists.get(key, () -> maker.rows(new InventoryView(() -> current), viewer, datacenter));
    CachedJson.send(ctx, answer);
  }

  /** {@code entities/{id}}, for the ids that have no "/". */
  void entity(Context ctx) {
    Params.only(ctx);
    String id = ctx.pathParam("id");
    Params.checkLength("id", id);
    entity(ctx, id);
  }

  /**
   * {@code entities?id=}: ids are vCenter's opaque strings, and some hold a "/" (the simulator
   * names datastores by their path), which a path segment cannot carry once Jetty refuses an
   * encoded slash as ambiguous (issue 15).
   */
  void entityById(Context ctx) {
    Params.only(ctx, "id");
    entity(ctx, Params.required(ctx, "id"));
  }

  private void entity(Context ctx, String id) {
    Viewer viewer = viewers.apply(ctx);
    InventoryView.Found f = inventory.find(viewer, id).orElseThrow(() -> ApiException.notFound("entity " + id));
    List<Map<String, String>> metrics = new ArrayList<>();
    for (String m : store.metrics(id)) {
      if (namesHidden(viewer, id, m)) {
        continue;
      }
      Metric.unitOf(f.kind(), m).ifPresent(unit -> metrics.add(Map.of("name", m, "unit", unit)));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", f.id());
    out.put("name", f.name());
    out.put("type", f.kind().name().toLowerCase(java.util.Locale.ROOT));
    out.put("datacenter", f.datacenter());
    out.put("properties", f.row());
    out.put("metrics", metrics);
    out.put("alarms", inventory.alarmsOn(id));
    if (f.row() instanceof Rows.VmRow vm) {
      Inventory.VmSnapshots snapshots = vm.vm().snapshotState();
      out.put("snapshots", snapshots == null ? List.of() : snapshots.snapshots().stream().map(s -> Rows.SnapshotRow.of(vm.vm(), s)).toList());
    }
    ctx.json(out);
  }

  void series(Context ctx) {
    Params.only(ctx, "entity", "metric", "range");
    String id = Params.required(ctx, "entity");
    String metric = Params.required(ctx, "metric");
    String rangeName = Params.optional(ctx, "range");
    TimeRange range = rangeName == null ? TimeRange.HOUR : TimeRange.parse(rangeName);
    if (range == null) {
      throw ApiException.badRequest("range must be one of hour, day, week, month, year");
    }
    Viewer viewer = viewers.apply(ctx);
    InventoryView.Found f = inventory.find(viewer, id).orElseThrow(() -> ApiException.notFound("entity " + id));
    if (namesHidden(viewer, id, metric)) {
      throw ApiException.notFound("metric " + metric);
    }
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

  /**
   * Collection status; the skipped entities listed are only those the viewer may see. Also how
   * the alert channels deliver (issue 14): their names, types, failures and the last error, which
   * hold no secret.
   */
  void status(Context ctx) {
    Params.only(ctx);
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
      out.add(st.withSkipped(skipped));
    }
    ctx.json(Map.of("vcenters", out, "now", clock.instant(), "channels", channels.get()));
  }

  void settings(Context ctx) {
    Params.only(ctx);
    ctx.json(Map.of("intervalSeconds", intervalSeconds, "thresholds", thresholds, "ranges",
        Arrays.stream(TimeRange.values()).map(TimeRange::key).toList()));
  }

  /**
   * Whether a metric's instance names an entity the viewer may not see: a host's per-datastore
   * series carry the datastore's moid ({@code datastore.readLatency[datastore-15]}; issue 16).
   */
  private static boolean namesHidden(Viewer viewer, String entityId, String metric) {
    int bracket = metric.indexOf('[');
    if (bracket < 0 || !metric.startsWith("datastore.") || !metric.endsWith("]")) {
      return false;
    }
    String vcenter = entityId.substring(0, entityId.indexOf(':') + 1);
    return !viewer.canSee(vcenter + metric.substring(bracket + 1, metric.length() - 1));
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
