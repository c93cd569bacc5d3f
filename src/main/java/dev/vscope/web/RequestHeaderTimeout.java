package dev.vscope.web;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;

/**
 * Closes a connection whose request line and headers take longer than {@code limit} to arrive.
 * Jetty's idle timeout counts only silence, so a client sending one header line every few seconds
 * held a connection (and a slot of the server's) for as long as it liked (issue 16). Jetty has no
 * such bound of its own; this one looks at each HTTP/1.1 connection's parser once a second.
 *
 * <p>Add it as a bean of each connector; thread-safe.
 */
final class RequestHeaderTimeout implements Connection.Listener, AutoCloseable {

  /** A connection seen reading headers since {@code sinceNanos}, for request number {@code request}. */
  private record Reading(long request, long sinceNanos) {}

  private final long limitNanos;
  private final Set<HttpConnection> open = ConcurrentHashMap.newKeySet();
  private final Map<HttpConnection, Reading> reading = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "vscope-header-timeout");
    t.setDaemon(true);
    return t;
  });

  RequestHeaderTimeout(Duration limit) {
    this.limitNanos = limit.toNanos();
    timer.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
  }

  @Override
  public void onOpened(Connection connection) {
    if (connection instanceof HttpConnection http) {
      open.add(http);
    }
  }

  @Override
  public void onClosed(Connection connection) {
    if (connection instanceof HttpConnection http) {
      open.remove(http);
      reading.remove(http);
    }
  }

  private void check() {
    long now = System.nanoTime();
    for (HttpConnection c : open) {
      HttpParser parser = c.getParser();
      if (parser.isStart() || !parser.inHeaderState()) {
        // between requests (the idle timeout's business) or reading a body (bounded in size)
        reading.remove(c);
        continue;
      }
      long request = c.getMessagesIn();
      Reading r = reading.compute(c, (k, old) -> old != null && old.request() == request ? old : new Reading(request, now));
      if (now - r.sinceNanos() > limitNanos) {
        reading.remove(c);
        c.getEndPoint().close();
      }
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
