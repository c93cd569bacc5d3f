package dev.vscope.web;

import dev.vscope.collect.Metric;
import dev.vscope.collect.SnapshotSource;
import dev.vscope.collect.VcenterSnapshot;
import dev.vscope.store.HistoryStore;
import dev.vscope.store.Ranked;
import dev.vscope.store.TimeRange;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code GET /api/v1/top}: the entities of one type ranked by the average of one metric over the
 * last hour, day or week, highest first, within a scope (a datacenter, cluster, host or datastore;
 * everything the caller sees without one). The value is the mean of the points that {@code series}
 * returns for that entity, metric and range ({@link HistoryStore#top}).
 *
 * <p>Only entities the caller may see are ranked: the scope's members are filtered first, so a
 * hidden VM can neither appear nor push a visible one out of the list. Answers are cached per
 * question and visibility for as long as the snapshots they were made from are current: at
 * 40,000 VMs a ranking reads about 60 MB of history, and a page of several users asks the same
 * question every minute.
 */
final class TopHandler {

  static final int MAX_LIMIT = 1_000;
  private static final int DEFAULT_LIMIT = 20;
  private static final List<TimeRange> RANGES = List.of(TimeRange.HOUR, TimeRange.DAY, TimeRange.WEEK);
  /** Top-N ranks VMs, hosts and datastores (issue 12); clusters have their own page and list. */
  private static final List<Metric.Kind> RANKED = List.of(Metric.Kind.VM, Metric.Kind.HOST, Metric.Kind.DATASTORE);
  private static final long CACHE_BYTES = 4L * 1024 * 1024;
  private static final int CACHE_ENTRIES = 64;
  private static final int CACHE_BUILDS = 2;

  private final SnapshotSource snapshots;
  private final HistoryStore store;
  private final Clock clock;
  private final Function<Context, Viewer> viewers;
  private final ListCache answers = new ListCache(CACHE_BYTES, CACHE_ENTRIES, CACHE_BUILDS);

  TopHandler(SnapshotSource snapshots, HistoryStore store, Clock clock, Function<Context, Viewer> viewers) {
    this.snapshots = snapshots;
    this.store = store;
    this.clock = clock;
    this.viewers = viewers;
  }

  /** One row of the answer. */
  record Row(String entity, String name, double value, String unit) {}

  /** A question, validated. */
  record Question(Metric.Kind type, String metric, String unit, TimeRange range, String scope, int limit) {

    String cacheKey() {
      return String.join("\n", "top", type.name(), metric, range.key(), String.valueOf(limit));
    }
  }

  void answer(Context ctx) throws IOException {
    Question q = question(ctx);
    Viewer viewer = viewers.apply(ctx);
    List<VcenterSnapshot> current = snapshots.snapshots();
    ListCache.Key key = new ListCache.Key(q.cacheKey(), q.scope(), viewer.visibilityKey(), current);
    ListCache.Answer answer = answers.get(key, () -> rank(q, viewer, new InventoryView(() -> current)));
    CachedJson.send(ctx, answer);
  }

  private List<Row> rank(Question q, Viewer viewer, InventoryView view) {
    Map<String, String> members = view.members(viewer, q.type(), q.scope()).orElseThrow(() -> notAScope(q.scope(), viewer, view));
    List<Row> rows = new ArrayList<>();
    if (members.isEmpty()) {
      return rows;
    }
    for (Ranked r : store.top(q.metric(), members.keySet(), q.range(), clock.instant(), q.limit())) {
      rows.add(new Row(r.entityId(), members.get(r.entityId()), r.value(), q.unit()));
    }
    return rows;
  }

  /**
   * The error for a scope that has no members: one the caller sees but that holds nothing to rank
   * (a VM) is named as the wrong kind; an unknown one and a hidden one get the same answer.
   */
  private static ApiException notAScope(String scope, Viewer viewer, InventoryView view) {
    if (view.find(viewer, scope).isPresent()) {
      return ApiException.badRequest("parameter 'scope': " + scope + " is not a datacenter, cluster, host or datastore");
    }
    return ApiException.badRequest("parameter 'scope': no entity " + scope);
  }

  /** Reads and checks the parameters; a JSON 400 names the first wrong one, a misspelt one too. */
  static Question question(Context ctx) {
    Params.only(ctx, "type", "metric", "range", "scope", "limit");
    String typeName = Params.optional(ctx, "type");
    Metric.Kind type = typeName == null ? Metric.Kind.VM : kind(typeName);
    String metric = Params.required(ctx, "metric");
    List<String> rankable = rankable(type);
    if (!rankable.contains(metric)) {
      String known = String.join(", ", rankable);
      throw ApiException.badRequest("parameter 'metric': " + metric + " is not one of " + known);
    }
    String rangeName = Params.optional(ctx, "range");
    TimeRange range = rangeName == null ? TimeRange.HOUR : TimeRange.parse(rangeName);
    if (range == null || !RANGES.contains(range)) {
      throw ApiException.badRequest("parameter 'range' must be one of hour, day, week");
    }
    String limitText = Params.optional(ctx, "limit");
    int limit = DEFAULT_LIMIT;
    if (limitText != null) {
      try {
        limit = Integer.parseInt(limitText);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > MAX_LIMIT) {
        throw ApiException.badRequest("parameter 'limit' must be a whole number from 1 to " + MAX_LIMIT);
      }
    }
    String unit = Metric.unitOf(type, metric).orElseThrow();
    return new Question(type, metric, unit, range, Params.optional(ctx, "scope"), limit);
  }

  private static Metric.Kind kind(String name) {
    for (Metric.Kind k : RANKED) {
      if (k.name().toLowerCase(Locale.ROOT).equals(name)) {
        return k;
      }
    }
    throw ApiException.badRequest("parameter 'type' must be one of vm, host, datastore");
  }

  /** The metrics an entity type can be ranked by: its own, one value per entity (no per-instance series). */
  static List<String> rankable(Metric.Kind type) {
    return Metric.of(type).stream().filter(m -> m.instances() != Metric.Instances.PER_DATASTORE).map(Metric::name).toList();
  }
}
