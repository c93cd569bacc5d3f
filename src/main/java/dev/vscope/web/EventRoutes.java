package dev.vscope.web;

import dev.vscope.LogText;
import dev.vscope.collect.SnapshotSource;
import dev.vscope.events.Event;
import dev.vscope.events.EventArchive;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/events?entity=ID|datacenter=ID&since=ISO&type=T,...&user=U&limit=N}: the
 * events kept from vCenter (issue 13) that the caller may see ({@link EventRows}), newest first.
 * An entity or datacenter the caller may not see is answered as an unknown one is.
 */
public final class EventRoutes implements RouteGroup {

  private static final Logger logger = LoggerFactory.getLogger(EventRoutes.class);

  private final EventArchive archive;
  private final InventoryView inventory;
  private final EventRows rows;
  private final Function<Context, Viewer> viewers;

  public EventRoutes(SnapshotSource snapshots, EventArchive archive, Access access) {
    this.archive = archive;
    this.inventory = new InventoryView(snapshots);
    this.rows = new EventRows(snapshots);
    this.viewers = access::viewer;
  }

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/api/v1/events", this::events);
  }

  private void events(Context ctx) {
    EventQuery q = EventQuery.of(ctx);
    Viewer viewer = viewers.apply(ctx);
    if (q.entity() != null && !viewer.canSee(q.entity())) {
      throw ApiException.notFound("entity " + q.entity());
    }
    if (q.datacenter() != null && inventory.datacenters(viewer).stream().noneMatch(d -> d.id().equals(q.datacenter()))) {
      throw ApiException.notFound("datacenter " + q.datacenter());
    }
    List<Event> events;
    try {
      events = archive.newest(e -> q.matches(e) && EventRows.visible(viewer, e), q.since(), q.limit());
    } catch (IOException e) {
      logger.warn("the events cannot be read: {}", LogText.of(e.getMessage()));
      throw new ApiException(503, "store_unavailable", "the events cannot be read now; try again later");
    }
    ctx.json(rows.rows(viewer, events));
  }
}
