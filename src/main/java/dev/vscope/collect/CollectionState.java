package dev.vscope.collect;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How collection from one vCenter stands. The JSON names ({@code starting}, {@code ok}, {@code
 * failing}) are read by the status page and API clients, and stay as they are.
 */
public enum CollectionState {
  /** No cycle has ended yet. */
  STARTING("starting"),
  /** The last cycle succeeded. */
  OK("ok"),
  /** The last cycle failed; the status says why. */
  FAILING("failing");

  private final String jsonName;

  CollectionState(String jsonName) {
    this.jsonName = jsonName;
  }

  @JsonValue
  public String jsonName() {
    return jsonName;
  }
}
