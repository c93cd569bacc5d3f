package dev.vscope.events;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The events of every configured vCenter, each in its {@link EventJournal} under {@code
 * <storage.path>/events/<vcenter>/}: the collectors append to their vCenter's, the API reads them
 * all, newest first.
 */
public final class EventArchive {

  private final Map<String, EventJournal> journals = new LinkedHashMap<>();

  /**
   * @param storage the data directory ({@code storage.path})
   * @param vcenters the configured vCenters' names
   */
  public EventArchive(Path storage, List<String> vcenters) {
    for (String vc : vcenters) {
      journals.put(vc, new EventJournal(storage.resolve("events").resolve(vc)));
    }
  }

  /** The journal of a configured vCenter. */
  public EventJournal journal(String vcenter) {
    EventJournal j = journals.get(vcenter);
    if (j == null) {
      throw new IllegalArgumentException("no vCenter " + vcenter + " is configured");
    }
    return j;
  }

  /**
   * The newest events of all vCenters that {@code filter} accepts, created at or after {@code
   * since} (null: any), newest first, at most {@code limit}.
   */
  public List<Event> newest(Predicate<Event> filter, Instant since, int limit) throws IOException {
    List<Event> all = new ArrayList<>();
    for (EventJournal j : journals.values()) {
      all.addAll(j.newest(filter, since, limit));
    }
    all.sort(EventJournal.NEWEST_FIRST);
    return all.size() > limit ? List.copyOf(all.subList(0, limit)) : all;
  }
}
