package dev.vscope.web;

import dev.vscope.events.Event;
import dev.vscope.events.EventType;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The question of {@code GET /api/v1/events}, validated: every wrong parameter is a 400 that names
 * it, an unknown one too (a typo must not answer as if it were absent).
 *
 * @param entity events about or naming this entity; null for any
 * @param datacenter events in this datacenter; null for any
 * @param since events created at or after; null for as far back as they are kept
 * @param types the kinds wanted; empty for all
 * @param user events caused by this vCenter user (case ignored); null for anyone's
 * @param limit the newest this many at most
 */
record EventQuery(String entity, String datacenter, Instant since, Set<EventType> types, String user, int limit) {

  static final int DEFAULT_LIMIT = 200;
  static final int MAX_LIMIT = 5_000;

  static EventQuery of(Context ctx) {
    Params.only(ctx, "entity", "datacenter", "since", "type", "user", "limit");
    String entity = Params.optional(ctx, "entity");
    String datacenter = Params.optional(ctx, "datacenter");
    if (entity != null && datacenter != null) {
      throw ApiException.badRequest("use the parameter 'entity' or 'datacenter', not both");
    }
    return new EventQuery(entity, datacenter, since(Params.optional(ctx, "since")), types(Params.optional(ctx, "type")),
        Params.optional(ctx, "user"), limit(Params.optional(ctx, "limit")));
  }

  /** Whether an event answers the question (its visibility aside). */
  boolean matches(Event e) {
    return (types.isEmpty() || types.contains(e.type()))
        && (entity == null || e.involves(entity))
        && (datacenter == null || e.datacenter() != null && e.datacenter().id().equals(datacenter))
        && (user == null || e.user() != null && e.user().toLowerCase(Locale.ROOT).equals(user.toLowerCase(Locale.ROOT)));
  }

  private static Instant since(String text) {
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest("parameter 'since' must be a date and time such as 2026-01-31T08:00:00Z");
    }
  }

  private static Set<EventType> types(String text) {
    Set<EventType> types = EnumSet.noneOf(EventType.class);
    if (text == null) {
      return types;
    }
    for (String key : text.split(",", -1)) {
      EventType t = EventType.of(key.trim());
      if (t == null) {
        throw ApiException.badRequest("parameter 'type': " + key.trim() + " is not one of " + EventType.keys());
      }
      types.add(t);
    }
    return types;
  }

  private static int limit(String text) {
    if (text == null) {
      return DEFAULT_LIMIT;
    }
    int n;
    try {
      n = Integer.parseInt(text);
    } catch (NumberFormatException ignored) {
      n = -1; // refused below, with the same message as a number out of range
    }
    if (n < 1 || n > MAX_LIMIT) {
      throw ApiException.badRequest("parameter 'limit' must be a whole number from 1 to " + MAX_LIMIT);
    }
    return n;
  }
}
