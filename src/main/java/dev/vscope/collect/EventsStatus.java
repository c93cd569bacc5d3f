package dev.vscope.collect;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How reading one vCenter's events goes (issue 13): part of the collection status, so that a
 * vCenter that refuses them (an account without the privilege) says so while the rest of
 * collection carries on.
 *
 * @param state see {@link State}
 * @param error why, when {@code REFUSED} or {@code FAILING}; else null
 * @param lastKey vCenter's key of the newest event kept; null before the first
 */
public record EventsStatus(State state, String error, Long lastKey) {

  /** The JSON names are read by the status page and API clients. */
  public enum State {
    /** Not read yet. */
    STARTING("starting"),
    /** Read up to the newest event. */
    OK("ok"),
    /** A cycle read its share of pages and more wait: the next cycles read on (a storm of events). */
    BEHIND("behind"),
    /** vCenter refuses this account its events (NoPermission). */
    REFUSED("refused"),
    /** The last read failed otherwise; the next cycle tries again from the last event kept. */
    FAILING("failing");

    private final String jsonName;

    State(String jsonName) {
      this.jsonName = jsonName;
    }

    @JsonValue
    public String jsonName() {
      return jsonName;
    }
  }

  static EventsStatus starting() {
    return new EventsStatus(State.STARTING, null, null);
  }
}
