package dev.vscope.vim;

import dev.vscope.LogText;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A logged-in session with one vCenter and its managers. The session is re-established by itself
 * when vCenter forgets it; {@link #close()} logs out, so vscope leaves no session behind.
 *
 * <pre>{@code
 * try (VimClient vc = VimClient.login(endpoint, "user", password)) {
 *   Instant now = vc.sessionManager().currentTime();
 * }
 * }</pre>
 *
 * <p>Thread-safe: calls may run concurrently.
 */
public final class VimClient implements AutoCloseable {

  private static final Logger logger = LoggerFactory.getLogger(VimClient.class);

  private final VimEndpoint endpoint;
  private final ServiceContent content;
  private final ReloginTransport transport;
  private final SessionManager sessionManager;
  private final PropertyCollector propertyCollector;
  private final ViewManager viewManager;
  private final PerformanceManager performanceManager;
  private final OptionManager optionManager;
  private final EventManager eventManager;

  private VimClient(VimEndpoint endpoint, ServiceContent content, ReloginTransport transport) {
    this.endpoint = endpoint;
    this.content = content;
    this.transport = transport;
    this.sessionManager = new SessionManager(transport, content.sessionManager());
    this.propertyCollector = new PropertyCollector(transport, content.propertyCollector());
    this.viewManager = new ViewManager(transport, content.viewManager());
    this.performanceManager = new PerformanceManager(transport, propertyCollector, content.perfManager());
    this.optionManager = content.setting() == null ? null : new OptionManager(transport, content.setting());
    this.eventManager = content.eventManager() == null ? null : new EventManager(transport, content.eventManager());
  }

  /**
   * Connects and logs in. Throws {@link VimLoginException} for a refused password, {@link
   * VimUnreachableException} when vCenter does not answer, {@link VimProtocolException} for a TLS
   * or protocol problem.
   */
  public static VimClient login(VimEndpoint endpoint, String username, String password) {
    HttpSoapTransport http = new HttpSoapTransport(endpoint);
    SoapTransport retrying = new RetryingTransport(http, endpoint.attempts(), Duration.ofMillis(500));
    ServiceContent content = ServiceContent.retrieve(retrying);
    SessionManager loginManager = new SessionManager(retrying, content.sessionManager());
    ReloginTransport.Login relogin =
        () -> {
          logger.info("{}: session lost, logging in again as {}", endpoint.name(), LogText.of(username));
          http.clearSession();
          loginManager.login(username, password);
        };
    loginManager.login(username, password);
    return new VimClient(endpoint, content, new ReloginTransport(retrying, relogin));
  }

  public VimEndpoint endpoint() {
    return endpoint;
  }

  public ServiceContent serviceContent() {
    return content;
  }

  public SessionManager sessionManager() {
    return sessionManager;
  }

  public PropertyCollector propertyCollector() {
    return propertyCollector;
  }

  public ViewManager viewManager() {
    return viewManager;
  }

  public PerformanceManager performanceManager() {
    return performanceManager;
  }

  /** The advanced settings, or null on a server without them. */
  public OptionManager optionManager() {
    return optionManager;
  }

  /** The event history, or null on a server without one. */
  public EventManager eventManager() {
    return eventManager;
  }

  /**
   * Changes each time the session was lost and re-established. What lives in a session (property
   * filters, views) must be created again when it changes.
   */
  public long sessionGeneration() {
    return transport.generation();
  }

  /** Logs out; a vCenter that is already gone is not an error worth more than a debug line. */
  @Override
  public void close() {
    try {
      sessionManager.logout();
    } catch (VimException e) {
      logger.debug("{}: logout failed: {}", endpoint.name(), LogText.of(e.getMessage()));
    }
  }
}
