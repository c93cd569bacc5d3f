package dev.vscope.web;

import dev.vscope.collect.SnapshotSource;
import dev.vscope.collect.VcenterSnapshot;
import dev.vscope.health.HealthMonitor;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;

/**
 * {@code GET /api/v1/health?datacenter=}: the health checks (issue 13), each with its severity and
 * the entities that fail it as the caller may see them, in the caller's language. The checks run
 * once per collection cycle ({@link HealthMonitor}); answers are cached per datacenter, visibility
 * and language while the snapshots are current, like the lists.
 */
final class HealthHandler {

  private static final long CACHE_BYTES = 8L * 1024 * 1024;
  private static final int CACHE_ENTRIES = 32;
  private static final int CACHE_BUILDS = 2;

  private final SnapshotSource snapshots;
  private final HealthMonitor monitor;
  private final Function<Context, Viewer> viewers;
  private final ListCache answers = new ListCache(CACHE_BYTES, CACHE_ENTRIES, CACHE_BUILDS);

  HealthHandler(SnapshotSource snapshots, HealthMonitor monitor, Function<Context, Viewer> viewers) {
    this.snapshots = snapshots;
    this.monitor = monitor;
    this.viewers = viewers;
  }

  void answer(Context ctx) throws IOException {
    Params.only(ctx, "datacenter");
    String datacenter = Params.optional(ctx, "datacenter");
    String language = ApiMessages.language(ctx.header("Accept-Language"));
    Viewer viewer = viewers.apply(ctx);
    List<VcenterSnapshot> current = snapshots.snapshots();
    ListCache.Key key = new ListCache.Key("health\n" + language, datacenter, viewer.visibilityKey(), current);
    ListCache.Answer answer = answers.get(key, () -> {
      // an unknown datacenter and one the caller may not see are the same 404
      if (datacenter != null && new InventoryView(() -> current).datacenters(viewer).stream().noneMatch(d -> d.id().equals(datacenter))) {
        throw ApiException.notFound("datacenter " + datacenter);
      }
      return monitor.report(current, datacenter, viewer::canSee, language);
    });
    ctx.header("Vary", "Accept-Language");
    CachedJson.send(ctx, answer);
  }
}
