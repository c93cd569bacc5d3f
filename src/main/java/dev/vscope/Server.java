package dev.vscope;

import dev.vscope.config.VscopeConfig;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the {@link Application} until the JVM is told to stop, and lets it close before the JVM exits. */
final class Server {

  private static final Logger logger = LoggerFactory.getLogger(Server.class);

  private Server() {}

  static int run(VscopeConfig config) throws Exception {
    Clock clock = Clock.systemUTC();
    CountDownLatch stopped = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    // on SIGTERM, let run() close everything (logging out of every vCenter) before the JVM exits
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stopped.countDown();
      try {
        closed.await(25, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "vscope-shutdown"));
    try {
      serve(config, clock, stopped);
    } finally {
      closed.countDown();
    }
    return 0;
  }

  private static void serve(VscopeConfig config, Clock clock, CountDownLatch stopped) throws Exception {
    try (Application app = Application.builder(config).clock(clock).start()) {
      logger.info("vscope serves {}/ ({} vCenter(s), history in {})",
          app.url().replace("127.0.0.1", config.server().bind().equals("0.0.0.0") ? "localhost" : config.server().bind()),
          app.collectors().size(), app.store().location());
      stopped.await();
      logger.info("stopping: logging out of vCenter");
    }
  }
}
