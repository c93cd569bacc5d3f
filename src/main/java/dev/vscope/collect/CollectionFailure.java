package dev.vscope.collect;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Why the last cycle of a vCenter failed, as alert rules tell a vCenter that does not answer from
 * a history store that does not write (issue 14). JSON in lower case.
 */
public enum CollectionFailure {
  /** vCenter could not be reached, refused the login, or answered a call with a fault. */
  VCENTER,
  /** vCenter answered, and the history store could not write what it answered. */
  STORE,
  /** Anything else: vscope's own failure (out of memory, a bug), or the cycle was interrupted. */
  INTERNAL;

  @JsonValue
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
