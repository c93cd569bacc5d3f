package dev.vscope;

import dev.vscope.alert.AlertEngine;
import dev.vscope.alert.Channels;
import dev.vscope.alert.Links;
import dev.vscope.alert.Rule;
import dev.vscope.alert.RuleBook;
import dev.vscope.collect.CollectorScheduler;
import dev.vscope.collect.CollectorScheduler.CycleListener;
import dev.vscope.collect.LastSnapshots;
import dev.vscope.collect.VcenterCollector;
import dev.vscope.collect.VcenterSnapshot;
import dev.vscope.collect.Vcenters;
import dev.vscope.config.StorageConfig;
import dev.vscope.config.VcenterConfig;
import dev.vscope.config.VscopeConfig;
import dev.vscope.health.HealthChecks;
import dev.vscope.health.HealthMonitor;
import dev.vscope.events.EventArchive;
import dev.vscope.store.HistoryStore;
import dev.vscope.store.embedded.EmbeddedHistoryStore;
import dev.vscope.store.prom.PrometheusHistoryStore;
import dev.vscope.telemetry.AlertMetrics;
import dev.vscope.telemetry.CountingHistoryStore;
import dev.vscope.telemetry.EntityMetrics;
import dev.vscope.telemetry.Telemetry;
import dev.vscope.vim.VimClient;
import dev.vscope.web.Authenticator;
import dev.vscope.web.SessionStore;
import dev.vscope.web.VcenterAuthenticator;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The whole of vscope built from one configuration: the history store that {@code storage.type}
 * names, one collector per vCenter under a scheduler, the telemetry of {@code /metrics}, and the web
 * server. The service, the tests and the benchmarks all build it here, so that what they run is
 * wired the same way; they differ only by the overrides of the {@link Builder}.
 *
 * <pre>{@code
 * try (Application app = Application.builder(config).start()) {
 *   System.out.println(app.url());
 * }
 * }</pre>
 *
 * <p>{@link Builder#start} starts the parts in order (store, collectors, web server, then the
 * collection schedule) and, when one fails, closes those already started. {@link #close} stops
 * them in the reverse order: no request is served once the collectors have logged out, and the
 * store is closed last, after its last write.
 */
public final class Application implements AutoCloseable {

  private final HistoryStore store;
  private final LastSnapshots lastSnapshots;
  private final CollectorScheduler scheduler;
  private final AlertEngine alerts;
  private final WebStack web;

  private Application(HistoryStore store, LastSnapshots lastSnapshots, CollectorScheduler scheduler, AlertEngine alerts, WebStack web) {
    this.store = store;
    this.lastSnapshots = lastSnapshots;
    this.scheduler = scheduler;
    this.alerts = alerts;
    this.web = web;
  }

  /** A builder of the application that {@code config} describes. */
  public static Builder builder(VscopeConfig config) {
    return new Builder(config);
  }

  /** What {@link Application} is built from: the configuration, and what tests and benchmarks replace. */
  public static final class Builder {
    private final VscopeConfig config;
    private Clock clock = Clock.systemUTC();
    private HistoryStore store;
    private Function<VcenterConfig, VimClient> connector;
    private Authenticator authenticator;
    private CycleListener afterCycle = (snapshot, nanos) -> {};
    private boolean scheduled = true;

    private Builder(VscopeConfig config) {
      this.config = config;
    }

    /** The clock of the store, the collectors and the sessions; the system's UTC clock by default. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * A store to use instead of the one {@code storage.type} names (a decorated or instrumented
     * one). The application owns it from then on: it closes it, also when the start fails.
     */
    public Builder store(HistoryStore store) {
      this.store = store;
      return this;
    }

    /** How collectors log in to a vCenter; by default with the configured account, calls counted by the telemetry. */
    public Builder connector(Function<VcenterConfig, VimClient> connector) {
      this.connector = connector;
      return this;
    }

    /** How users' logins are checked; by default against the configured vCenters. */
    public Builder authenticator(Authenticator authenticator) {
      this.authenticator = authenticator;
      return this;
    }

    /** Also told about every finished cycle, after the telemetry. */
    public Builder afterCycle(CycleListener afterCycle) {
      this.afterCycle = afterCycle;
      return this;
    }

    /**
     * Collection runs only when {@link Application#collectNow} is called, not on the schedule: for
     * tests and benchmarks, whose cycles must run when they say.
     */
    public Builder collectOnDemand() {
      this.scheduled = false;
      return this;
    }

    /**
     * Starts the application: opens the store (unless one was given), connects nothing yet (the
     * collectors log in at their first cycle), starts the web server and then the schedule.
     *
     * @throws IOException when the server cannot listen or its certificate cannot be read or made
     * @throws GeneralSecurityException when the certificate or key is unusable
     */
    public Application start() throws IOException, GeneralSecurityException {
      Deque<AutoCloseable> started = new ArrayDeque<>();
      try {
        PrometheusRegistry registry = new PrometheusRegistry();
        Telemetry telemetry = new Telemetry(registry);
        HistoryStore opened = store != null ? store : open(config.storage(), clock);
        started.push(opened);
        telemetry.watch(opened, registry);
        HistoryStore counted = new CountingHistoryStore(opened, telemetry);
        for (VcenterConfig vc : config.vcenters()) {
          Vcenters.endpoint(vc); // fails early on a bad TLS set-up, warns about insecure
        }
        Function<VcenterConfig, VimClient> login = connector != null ? connector : c -> Vcenters.login(c, telemetry.calls(c.name()));
        // the last known state is shown, as the previous run's, until each vCenter's first cycle (issue 15)
        LastSnapshots last = new LastSnapshots(config.storage().path());
        started.push(last); // closed after the scheduler: its last cycles' snapshots are written
        EventArchive events = new EventArchive(config.storage().path(), config.vcenters().stream().map(VcenterConfig::name).toList());
        List<VcenterCollector> collectors = new ArrayList<>();
        for (VcenterConfig vc : config.vcenters()) {
          VcenterCollector collector = new VcenterCollector(vc, config.collector(), counted, clock, login);
          collector.followEvents(events.journal(vc.name()), config.events());
          // the vCenters' cycles run at once on the same cores: the backfill budget is shared
          collector.shareBackfillAmong(config.vcenters().size());
          last.restore(collector);
          collectors.add(collector);
        }
        // the health checks run once per cycle, not per request (issue 13)
        HealthMonitor health = new HealthMonitor(HealthChecks.all(config.health()), counted, clock);
        // the rules are compiled before anything runs: a rule naming an unknown metric or check stops the start
        List<Rule> rules = RuleBook.compile(config.alerts(), clock.instant(), health);
        AtomicReference<AlertEngine> engine = new AtomicReference<>();
        CollectorScheduler scheduler = new CollectorScheduler(collectors, counted, config.storage().retention(), clock, (s, nanos) -> {
          telemetry.cycle(s, nanos);
          last.cycled(s, nanos);
          health.cycled(s);
          engine.get().cycled(s, nanos);
          afterCycle.cycled(s, nanos);
        });
        started.push(scheduler);
        registry.register(new EntityMetrics(scheduler));
        Links links = new Links(config.alerts().externalUrl() != null ? config.alerts().externalUrl() : defaultUrl(config));
        AlertEngine alerts = new AlertEngine(rules, Channels.of(config.alerts(), links, clock), scheduler, clock, config.storage().path(),
            config.alerts().evaluationInterval());
        engine.set(alerts);
        started.push(alerts); // closed before the scheduler: no evaluation runs on a closing collector
        AlertMetrics.register(alerts, registry);
        Authenticator logins = authenticator != null ? authenticator
            : new VcenterAuthenticator(config.vcenters(), Vcenters::endpoint, config.collector().pageSize());
        WebStack web = WebStack.start(config, scheduler, counted, events, clock, registry, health, logins, alerts);
        started.push(web);
        alerts.start();
        if (scheduled) {
          scheduler.start();
        }
        return new Application(counted, last, scheduler, alerts, web);
      } catch (IOException | GeneralSecurityException | RuntimeException | Error e) {
        closeAll(started, e);
        throw e;
      }
    }

    /** Where users reach this vscope, for the links of notifications, when {@code alerts.externalUrl} does not say. */
    private static String defaultUrl(VscopeConfig config) {
      String host;
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        host = "localhost";
      }
      return (config.server().plainHttp() ? "http" : "https") + "://" + host + ":" + config.server().port();
    }

    private static HistoryStore open(StorageConfig storage, Clock clock) {
      if (storage.type() == StorageConfig.Type.PROMETHEUS) {
        return PrometheusHistoryStore.open(storage.prometheus(), clock);
      }
      return EmbeddedHistoryStore.open(storage.path(), clock);
    }

    private static void closeAll(Deque<AutoCloseable> started, Throwable failure) {
      while (!started.isEmpty()) {
        try {
          started.pop().close();
        } catch (Exception e) {
          failure.addSuppressed(e);
        }
      }
    }
  }

  /** The history store as the collectors and the web server use it (writes counted by the telemetry). */
  public HistoryStore store() {
    return store;
  }

  /** The collectors, one per configured vCenter, in the configuration's order. */
  public List<VcenterCollector> collectors() {
    return scheduler.collectors();
  }

  /** The collectors' latest snapshots, in the configuration's order. */
  public List<VcenterSnapshot> snapshots() {
    return scheduler.snapshots();
  }

  /** Runs one cycle of every collector now, as the schedule does; whether every one succeeded. */
  public boolean collectNow() {
    return scheduler.collectNow();
  }

  /** Runs one collector's cycle now, as the schedule does; whether it succeeded. */
  public boolean collectNow(VcenterCollector collector) {
    return scheduler.cycle(collector);
  }

  /** The alerts: rules, alerts, silences, channels. */
  public AlertEngine alerts() {
    return alerts;
  }

  /** The port the server listens on: the configured one, or the one chosen for port 0. */
  public int port() {
    return web.port();
  }

  /** The base URL on loopback ({@code https://127.0.0.1:PORT}, or {@code http://} with plain HTTP). */
  public String url() {
    return web.url();
  }

  /** The users' sessions, or null when login is turned off. */
  public SessionStore sessions() {
    return web.sessions();
  }

  /**
   * Stops serving, stops collecting and logs out of every vCenter, writes the snapshots kept for the
   * next start, then closes the store: the reverse of the start.
   *
   * @throws IOException when the store cannot be closed cleanly
   */
  @Override
  public void close() throws IOException {
    try {
      web.close();
    } finally {
      try {
        alerts.close();
        scheduler.close();
      } finally {
        try {
          lastSnapshots.close(); // the last cycles' snapshots, for the next start
        } finally {
          store.close();
        }
      }
    }
  }
}
