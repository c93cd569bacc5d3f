package dev.vscope.vim;

import java.util.List;
import java.util.Map;

/**
 * vim25 managers answering from recorded vCenter answers, for tests outside this package (the
 * managers' constructors are package-private: only {@link VimClient} builds them).
 */
public final class Replays {

  private static final ManagedObjectReference PERF_MGR = new ManagedObjectReference("PerformanceManager", "PerfMgr");
  private static final ManagedObjectReference PC = new ManagedObjectReference("PropertyCollector", "propertyCollector");

  private Replays() {}

  /** The text of {@code src/test/resources/vcenter/<file>}. */
  public static String recording(String file) {
    return ReplayTransport.recording(file);
  }

  /** The counter catalog read from a recorded RetrievePropertiesEx of {@code perfCounter}. */
  public static Map<String, PerfCounter> catalog(String file) {
    ReplayTransport t = ReplayTransport.create().answer("RetrievePropertiesEx", file);
    return new PerformanceManager(t, new PropertyCollector(t, PC), PERF_MGR).counters();
  }

  /** One object's properties from a recorded RetrievePropertiesEx answer. */
  public static ObjectContent retrieveOne(String file, ManagedObjectReference obj, List<String> paths) {
    return new PropertyCollector(ReplayTransport.create().answer("RetrievePropertiesEx", file), PC).retrieveOne(obj, paths);
  }

  /** The object updates of a recorded WaitForUpdatesEx answer, in its order. */
  public static List<ObjectUpdate> waitForUpdates(String file) {
    List<ObjectUpdate> out = new java.util.ArrayList<>();
    new PropertyCollector(ReplayTransport.create().answer("WaitForUpdatesEx", file), PC).waitForUpdates("", 1000, out::add);
    return out;
  }

  /** A recorded QueryPerf answer, whatever the specs ask. */
  public static List<PerfEntityMetrics> queryPerf(String file, List<PerfQuerySpec> specs) {
    ReplayTransport t = ReplayTransport.create().answer("QueryPerf", file);
    return new PerformanceManager(t, null, PERF_MGR).queryPerf(specs);
  }
}
