package dev.vscope.collect;

import dev.vscope.LogText;
import dev.vscope.config.EventsConfig;
import dev.vscope.events.Event;
import dev.vscope.events.EventJournal;
import dev.vscope.events.EventType;
import dev.vscope.vim.EventArgument;
import dev.vscope.vim.EventFilter;
import dev.vscope.vim.EventHistoryCollector;
import dev.vscope.vim.VimClient;
import dev.vscope.vim.VimEvent;
import dev.vscope.vim.VimException;
import dev.vscope.vim.VimFault;
import dev.vscope.vim.VimFaultException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one vCenter's events (issue 13) through one EventHistoryCollector, created once per
 * session with the types vscope keeps ({@link EventType}) and read on each cycle from where it
 * stopped: vCenter adds the new events to it, so a cycle reads only what happened since the last.
 *
 * <p>Where reading resumes is the journal's newest event ({@link EventJournal#position}): a new
 * collector (after a restart of vscope, a new session, an outage, a failed read) starts a few
 * minutes before that event's time, and events whose key is not above it are not kept again. The
 * first start reads back as far as the retention. A cycle reads at most {@code pagesPerCycle}
 * pages of {@code pageSize} events, each written to disk before the next is read: a storm of
 * 100,000 events is read over several cycles, holding one page in memory, and never holds a cycle.
 *
 * <p>Failures stay here: a vCenter that refuses the events (NoPermission) or a read that fails is
 * reported in the status ({@link EventsStatus}), and the cycle carries on. Not thread-safe: run by
 * the collector's cycles, which are serialized.
 */
final class EventFollower {

  private static final Logger logger = LoggerFactory.getLogger(EventFollower.class);
  /**
   * How far before the newest event kept a new collector starts: vCenter dates an event when it
   * records it, and an event recorded a little after another may carry a slightly earlier time.
   */
  static final Duration OVERLAP = Duration.ofMinutes(5);

  private final String vcenter;
  private final EventJournal journal;
  private final EventsConfig config;

  private EventHistoryCollector collector;
  /** The client and session the collector lives in: it dies with them. */
  private VimClient collectorClient;
  private long collectorSession;
  private LocalDate pruned;
  private EventsStatus status = EventsStatus.starting();

  EventFollower(String vcenter, EventJournal journal, EventsConfig config) {
    this.vcenter = vcenter;
    this.journal = journal;
    this.config = config;
  }

  EventsStatus status() {
    return status;
  }

  /** Reads what vCenter recorded since the last event kept, a cycle's share at most; never throws a vCenter or disk failure. */
  EventsStatus follow(VimClient vc, Instant now) {
    EventsStatus next;
    try {
      prune(now);
      if (vc.eventManager() == null) {
        next = new EventsStatus(EventsStatus.State.FAILING, "this server offers no EventManager", lastKey());
      } else {
        boolean more = readPages(vc, now);
        next = new EventsStatus(more ? EventsStatus.State.BEHIND : EventsStatus.State.OK, null, lastKey());
      }
    } catch (VimFaultException e) {
      drop(vc);
      next = e.isA(VimFault.NO_PERMISSION)
          ? new EventsStatus(EventsStatus.State.REFUSED, "vCenter refuses this account its events: " + e.faultType() + ": " + e.faultMessage(),
              lastKeyOrNull())
          : new EventsStatus(EventsStatus.State.FAILING, e.getMessage(), lastKeyOrNull());
    } catch (VimException e) {
      // the read may have moved the collector past events that never arrived: start again from the journal
      drop(vc);
      next = new EventsStatus(EventsStatus.State.FAILING, e.getMessage(), lastKeyOrNull());
    } catch (IOException e) {
      drop(vc);
      next = new EventsStatus(EventsStatus.State.FAILING, "events cannot be written: " + e.getMessage(), lastKeyOrNull());
    } catch (RuntimeException e) {
      // nobody expected it: logged with its stack trace, and the rest of the cycle carries on all the same
      logger.error("{}: reading the events failed", vcenter, e);
      drop(vc);
      next = new EventsStatus(EventsStatus.State.FAILING, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()),
          lastKeyOrNull());
    }
    // a failure is logged when it starts or changes, not every cycle while it lasts
    if (next.error() != null && (next.state() != status.state() || !next.error().equals(status.error()))) {
      logger.warn("{}: events not read: {}", vcenter, LogText.of(next.error()));
    }
    status = next;
    return status;
  }

  /** @return whether more events wait than this cycle read */
  private boolean readPages(VimClient vc, Instant now) throws IOException {
    boolean recreated = false;
    int pages = 0;
    while (pages < config.pagesPerCycle()) {
      EventJournal.Position position = journal.position();
      List<VimEvent> events;
      try {
        if (!alive(vc)) {
          create(vc, position, now);
        }
        events = collector.readNext(config.pageSize());
      } catch (VimFaultException e) {
        // The session was renewed under the read (vCenter restarted, or forgot it): the
        // collector went with the old one. Once per cycle, so that a fault that lasts is reported.
        if (!e.isA(VimFault.MANAGED_OBJECT_NOT_FOUND) || recreated) {
          throw e;
        }
        collector = null;
        recreated = true;
        continue;
      }
      pages++;
      long after = position == null ? Long.MIN_VALUE : position.key();
      List<Event> kept = new ArrayList<>(events.size());
      for (VimEvent v : events) {
        Event e = v.key() > after ? event(vcenter, v) : null;
        if (e != null) {
          kept.add(e);
        }
      }
      journal.append(kept);
      if (events.size() < config.pageSize()) {
        return false;
      }
    }
    return true;
  }

  private boolean alive(VimClient vc) {
    return collector != null && collectorClient == vc && collectorSession == vc.sessionGeneration();
  }

  private void create(VimClient vc, EventJournal.Position position, Instant now) {
    Instant begin = position == null ? now.minus(config.retention()) : position.time().minus(OVERLAP);
    collector = vc.eventManager().createCollector(new EventFilter(EventType.allVsphereTypes(), begin));
    collectorClient = vc;
    collectorSession = vc.sessionGeneration();
    logger.debug("{}: reading events from {}", vcenter, begin);
  }

  /**
   * Destroys the collector, when the session it lives in is still this one; a collector of a
   * lost session is gone already. Called on close and after a failed read (the collector's
   * position is unknown then: the next cycle makes a new one from the journal).
   */
  void drop(VimClient vc) {
    EventHistoryCollector c = collector;
    collector = null;
    if (c != null && vc != null && collectorClient == vc && collectorSession == vc.sessionGeneration()) {
      try {
        c.destroy();
      } catch (VimException e) {
        logger.debug("{}: cannot destroy the event collector: {}", vcenter, LogText.of(e.getMessage()));
      }
    }
  }

  /** Deletes the days past the retention, once a day. */
  private void prune(Instant now) throws IOException {
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    if (today.equals(pruned)) {
      return;
    }
    int deleted = journal.prune(LocalDate.ofInstant(now.minus(config.retention()), ZoneOffset.UTC));
    if (deleted > 0) {
      logger.info("{}: removed {} days of events older than {} days", vcenter, deleted, config.retention().toDays());
    }
    pruned = today;
  }

  private Long lastKey() throws IOException {
    EventJournal.Position p = journal.position();
    return p == null ? null : p.key();
  }

  private Long lastKeyOrNull() {
    try {
      return lastKey();
    } catch (IOException ignored) {
      return status.lastKey();
    }
  }

  /**
   * vscope's event of a vCenter event: null for a type vscope does not keep, or one that names no
   * entity to show it on.
   */
  static Event event(String vcenter, VimEvent v) {
    EventType type = EventType.ofVsphereType(v.type());
    if (type == null) {
      return null;
    }
    VimEvent.Role subjectRole = switch (type.subject()) {
      case VM -> VimEvent.Role.VM;
      case HOST -> VimEvent.Role.HOST;
      case DATASTORE -> VimEvent.Role.DATASTORE;
      case ALARM_ENTITY -> VimEvent.Role.ALARM_ENTITY;
    };
    EventArgument subject = v.entity(subjectRole);
    if (subject == null) {
      return null;
    }
    Event.Ref entity = ref(vcenter, "subject", subject);
    List<Event.Ref> related = new ArrayList<>();
    for (VimEvent.Role role : VimEvent.Role.values()) {
      EventArgument a = v.entity(role);
      if (role != VimEvent.Role.DATACENTER && a != null && !a.ref().equals(subject.ref())) {
        related.add(ref(vcenter, roleName(role), a));
      }
    }
    EventArgument dc = v.entity(VimEvent.Role.DATACENTER);
    return new Event(vcenter, v.key(), v.createdTime(), type, v.type(), v.userName(), v.message() == null ? "" : v.message(), entity,
        dc == null ? null : ref(vcenter, "datacenter", dc), related);
  }

  private static Event.Ref ref(String vcenter, String role, EventArgument a) {
    String kind = switch (a.ref().type()) {
      case "VirtualMachine" -> "vm";
      case "HostSystem" -> "host";
      case "Datastore" -> "datastore";
      case "ClusterComputeResource" -> "cluster";
      case "Datacenter" -> "datacenter";
      default -> "other";
    };
    return new Event.Ref(role, InventoryBuilder.id(vcenter, a.ref()), a.name(), kind);
  }

  private static String roleName(VimEvent.Role role) {
    return switch (role) {
      case DATACENTER -> "datacenter";
      case COMPUTE_RESOURCE -> "computeResource";
      case HOST -> "host";
      case VM -> "vm";
      case DATASTORE -> "datastore";
      case SOURCE_HOST -> "sourceHost";
      case SOURCE_DATASTORE -> "sourceDatastore";
      case SOURCE_DATACENTER -> "sourceDatacenter";
      case ALARM_ENTITY -> "entity";
    };
  }
}
