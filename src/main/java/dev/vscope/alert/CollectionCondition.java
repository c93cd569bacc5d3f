package dev.vscope.alert;

import dev.vscope.collect.CollectionFailure;
import dev.vscope.collect.CollectionState;
import dev.vscope.collect.VcenterSnapshot;
import dev.vscope.collect.VcenterStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The state of collection itself, from the collectors' status: a vCenter that cannot be reached
 * (or refuses the login, or fails a call), data that is stale, a history store that does not write.
 * Before a vCenter's first cycle of this run ends, nothing is known of it: an alert of the previous
 * run keeps its state until then.
 */
public final class CollectionCondition implements Condition {

  /** What is watched; the names are those of the configuration. */
  public enum Kind {
    /** The last cycle failed because of vCenter: unreachable, login refused, a fault. */
    VCENTER_UNREACHABLE("vcenterUnreachable"),
    /**
     * No cycle succeeded for three collection intervals, as the dashboard's banner says: one late
     * cycle is normal under load, three are not. Counted from this run's start at the earliest,
     * so that vscope's own downtime is no vCenter's fault.
     */
    STALE("stale"),
    /** The last cycle of a vCenter could not write to the history store. */
    STORE_FAILING("storeFailing");

    private final String configName;

    Kind(String configName) {
      this.configName = configName;
    }

    public static Kind of(String configName) {
      for (Kind k : values()) {
        if (k.configName.equals(configName)) {
          return k;
        }
      }
      throw new IllegalArgumentException(configName);
    }

    public String configName() {
      return configName;
    }
  }

  /** Missed intervals after which data is stale; the dashboard's banner says the same (freshness.js). */
  static final int STALE_INTERVALS = 3;

  private final Kind kind;
  private final Instant startedAt;

  /** @param startedAt when this run of vscope started */
  public CollectionCondition(Kind kind, Instant startedAt) {
    this.kind = kind;
    this.startedAt = startedAt;
  }

  @Override
  public void evaluate(Evaluation e) {
    boolean anyCycle = false;
    for (VcenterSnapshot s : e.snapshots()) {
      VcenterStatus st = s.status();
      boolean cycled = st.state() != CollectionState.STARTING;
      anyCycle |= cycled;
      switch (kind) {
        case VCENTER_UNREACHABLE -> {
          if (!cycled) {
            e.unknown(st.name());
          } else if (st.state() == CollectionState.FAILING && st.failure() == CollectionFailure.VCENTER) {
            e.holds(Target.vcenter(st.name()), null);
          }
        }
        case STALE -> {
          Instant since = st.lastSuccess() == null || st.fromPreviousRun() || st.lastSuccess().isBefore(startedAt) ? startedAt : st.lastSuccess();
          Duration age = Duration.between(since, e.now());
          if (age.compareTo(Duration.ofSeconds(STALE_INTERVALS * st.intervalSeconds())) > 0) {
            e.holds(Target.vcenter(st.name()), (double) age.toSeconds());
          }
        }
        case STORE_FAILING -> {
          if (st.state() == CollectionState.FAILING && st.failure() == CollectionFailure.STORE) {
            e.holds(Target.store(), null);
          }
        }
      }
    }
    if (kind == Kind.STORE_FAILING && !anyCycle) {
      e.unknownEverywhere(); // no cycle of this run has written yet
    }
  }

  @Override
  public String describe() {
    return switch (kind) {
      case VCENTER_UNREACHABLE -> "vCenter unreachable";
      case STALE -> "no collection for " + STALE_INTERVALS + " intervals";
      case STORE_FAILING -> "history store failing";
    };
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(Locale.ROOT);
  }
}
