package dev.vscope;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BackgroundTaskTest {

  @Test
  void anErrorIsLoggedAndThePeriodicTaskRunsAgain() throws Exception {
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch again = new CountDownLatch(1);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream stderr = System.err;
    // slf4j-simple writes to whatever System.err is when it logs
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    try {
      executor.scheduleWithFixedDelay(new BackgroundTask("test loop", () -> {
        if (runs.incrementAndGet() == 1) {
          throw new OutOfMemoryError("injected");
        }
        again.countDown();
      }), 0, 1, TimeUnit.MILLISECONDS);
      assertThat(again.await(30, TimeUnit.SECONDS)).as("ran again after the Error").isTrue();
    } finally {
      executor.shutdownNow();
      System.setErr(stderr);
    }
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("test loop failed").contains("java.lang.OutOfMemoryError: injected");
  }

  @Test
  void aFailureThatCannotEvenBeLoggedStillDoesNotEscape() {
    Error unprintable = new OutOfMemoryError() {
      @Override
      public String getLocalizedMessage() {
        throw new OutOfMemoryError("while logging");
      }
    };
    new BackgroundTask("test loop", () -> {
      throw unprintable;
    }).run();
  }
}
