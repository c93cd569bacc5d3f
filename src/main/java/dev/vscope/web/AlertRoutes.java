package dev.vscope.web;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.vscope.alert.Alert;
import dev.vscope.alert.AlertEngine;
import dev.vscope.alert.AlertState;
import dev.vscope.alert.Rule;
import dev.vscope.alert.Silence;
import dev.vscope.collect.SnapshotSource;
import dev.vscope.config.DurationText;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code /api/v1/alerts}, {@code /api/v1/rules} and {@code /api/v1/silences} (issue 14). Every
 * answer goes through the caller's {@link Viewer}: alerts of entities they may not see are left
 * out, silences of places they may not see too, and a silence may only cover places they may see.
 * Setting and removing a silence are state changes, under the same cross-site checks as every
 * other ({@link Access#csrf}); both are written to the audit log with the user.
 */
public final class AlertRoutes implements RouteGroup {

  static final int MAX_TARGETS = 50;
  static final int MAX_REASON = 500;
  static final Duration LONGEST = Duration.ofDays(30);
  private static final SecureRandom IDS = new SecureRandom();

  private final AlertEngine engine;
  private final SnapshotSource snapshots;
  private final Access access;
  private final Clock clock;

  public AlertRoutes(AlertEngine engine, SnapshotSource snapshots, Access access, Clock clock) {
    this.engine = engine;
    this.snapshots = snapshots;
    this.access = access;
    this.clock = clock;
  }

  /** The body of {@code POST /api/v1/silences}: a duration ({@code 2h}) or an end time. */
  @JsonIgnoreProperties(ignoreUnknown = false)
  record SilenceRequest(String rule, List<String> targets, String duration, Instant endsAt, String reason) {}

  @Override
  public void register(RoutesConfig routes) {
    routes.get("/api/v1/alerts", this::alerts);
    routes.get("/api/v1/rules", this::rules);
    routes.get("/api/v1/silences", this::silences);
    routes.post("/api/v1/silences", this::silence);
    routes.delete("/api/v1/silences/{id}", this::unsilence);
  }

  /** {@code alerts?state=firing|pending|resolved}: without it, the pending and firing ones; the newest first. */
  private void alerts(Context ctx) {
    Params.only(ctx, "state");
    String state = Params.optional(ctx, "state");
    if (state != null && !List.of("firing", "pending", "resolved").contains(state)) {
      throw ApiException.badRequest("parameter 'state' must be one of firing, pending, resolved");
    }
    Viewer viewer = access.viewer(ctx);
    AlertEngine.View view = engine.view();
    Instant now = clock.instant();
    List<Alert> source = "resolved".equals(state) ? view.resolved() : view.active();
    List<AlertRows.AlertRow> out = new ArrayList<>();
    for (Alert a : source) {
      if ((state == null || state.equals(a.state().toString())) && AlertRows.visible(viewer, a.target())) {
        out.add(AlertRows.row(viewer, a, a.state() != AlertState.RESOLVED && view.silenced(a, now)));
      }
    }
    Comparator<AlertRows.AlertRow> newest = Comparator.comparing(
        (AlertRows.AlertRow r) -> r.resolvedAt() != null ? r.resolvedAt() : r.firingSince() != null ? r.firingSince() : r.activeSince());
    out.sort(newest.reversed());
    ctx.json(out);
  }

  private void rules(Context ctx) {
    Params.only(ctx);
    AlertRows.Names names = AlertRows.Names.of(snapshots, access.viewer(ctx));
    ctx.json(engine.rules().stream().map(r -> AlertRows.row(r, names)).toList());
  }

  /** The silences the caller may see, active ones first, then those ended (kept 30 days). */
  private void silences(Context ctx) {
    Params.only(ctx);
    Viewer viewer = access.viewer(ctx);
    AlertRows.Names names = AlertRows.Names.of(snapshots, viewer);
    Instant now = clock.instant();
    List<AlertRows.SilenceRow> out = new ArrayList<>();
    for (Silence s : engine.view().silences()) {
      if (AlertRows.visible(viewer, s, names)) {
        out.add(AlertRows.row(s, names, now));
      }
    }
    out.sort(Comparator.comparing(AlertRows.SilenceRow::active).reversed().thenComparing(AlertRows.SilenceRow::endsAt, Comparator.reverseOrder()));
    ctx.json(out);
  }

  private void silence(Context ctx) {
    SilenceRequest req;
    try {
      req = ctx.bodyAsClass(SilenceRequest.class);
    } catch (Exception e) { // Jackson's parse errors arrive undeclared through Kotlin
      if (e instanceof ApiException || e instanceof io.javalin.http.HttpResponseException) {
        throw (RuntimeException) e;
      }
      throw ApiException.badRequest("expected a JSON body {\"targets\": [...], \"duration\": ..., \"reason\": ...}");
    }
    if (req == null) {
      throw ApiException.badRequest("expected a JSON body {\"targets\": [...], \"duration\": ..., \"reason\": ...}");
    }
    Viewer viewer = access.viewer(ctx);
    AlertRows.Names names = AlertRows.Names.of(snapshots, viewer);
    if (req.rule() != null && engine.rules().stream().map(Rule::name).noneMatch(req.rule()::equals)) {
      throw ApiException.badRequest("field 'rule': no rule " + req.rule());
    }
    if (req.targets() == null || req.targets().isEmpty() || req.targets().size() > MAX_TARGETS) {
      throw ApiException.badRequest("field 'targets' must list 1 to " + MAX_TARGETS + " places");
    }
    for (String t : req.targets()) {
      // a place the caller may not see is refused as one that does not exist
      if (t == null || !names.byId.containsKey(t)) {
        throw ApiException.badRequest("field 'targets': no place " + t);
      }
    }
    String reason = req.reason() == null ? "" : req.reason().strip();
    if (reason.isEmpty() || reason.length() > MAX_REASON) {
      throw ApiException.badRequest("field 'reason' is required (at most " + MAX_REASON + " characters)");
    }
    Instant now = clock.instant();
    Instant endsAt = endsAt(req, now);
    SessionStore.UserSession session = Access.session(ctx);
    String by = session != null ? session.username() : "-";
    byte[] id = new byte[8];
    IDS.nextBytes(id);
    Silence s = new Silence(HexFormat.of().formatHex(id), req.rule(), List.copyOf(req.targets()), now, endsAt, reason, by);
    engine.silence(s);
    ctx.status(201).json(AlertRows.row(s, names, now));
  }

  private static Instant endsAt(SilenceRequest req, Instant now) {
    if ((req.duration() == null) == (req.endsAt() == null)) {
      throw ApiException.badRequest("give either field 'duration' (such as 2h) or field 'endsAt'");
    }
    Instant end;
    if (req.duration() != null) {
      try {
        end = now.plus(DurationText.parse(req.duration()));
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("field 'duration' must be a duration such as 30m, 2h or 1d");
      }
    } else {
      end = req.endsAt();
    }
    if (!end.isAfter(now) || end.isAfter(now.plus(LONGEST))) {
      throw ApiException.badRequest("a silence must end within " + LONGEST.toDays() + " days from now");
    }
    return end;
  }

  private void unsilence(Context ctx) {
    String id = ctx.pathParam("id");
    Params.checkLength("id", id);
    Viewer viewer = access.viewer(ctx);
    AlertRows.Names names = AlertRows.Names.of(snapshots, viewer);
    Silence s = engine.view().silences().stream().filter(x -> x.id().equals(id)).findFirst().orElse(null);
    if (s == null || !AlertRows.visible(viewer, s, names)) {
      throw ApiException.notFound("silence " + id);
    }
    SessionStore.UserSession session = Access.session(ctx);
    if (!engine.unsilence(id, session != null ? session.username() : "-")) {
      throw ApiException.notFound("silence " + id);
    }
    ctx.status(204);
  }
}
