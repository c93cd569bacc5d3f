package dev.vscope.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vscope.testing.TestApp;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.openqa.selenium.logging.LogEntry;

/**
 * A test class that drives a real Chromium against a real server, collector and simulator. The
 * class's own {@code @BeforeAll} starts {@link #app} (with the inventory it needs) and {@link
 * #browser}; this closes both after its tests, and after each test checks that the console shows
 * no error (a CSP violation is one) but those the class expects.
 */
abstract class ChromiumTest {

  /** The header's navigation, in English and in French, in its order. */
  static final List<String> NAV_EN = List.of("Overview", "Clusters", "Hosts", "Filer", "VMs", "Snapshots", "Top-N", "Health", "Alarms", "Events", "Alerts", "Status");
  static final List<String> NAV_FR = List.of("Vue d’ensemble", "Clusters", "Hôtes", "Stockage", "VM", "Instantanés", "Top N", "Santé", "Alarmes", "Événements", "Alertes", "État");

  protected static TestApp app;
  protected static BrowserSession browser;

  /** Console errors a class's tests cause on purpose (a 404 page, a refused login); none by default. */
  protected Predicate<String> expectedConsoleErrors() {
    return message -> false;
  }

  @AfterEach
  void noConsoleErrors() {
    assertThat(browser.severeLogs()).extracting(LogEntry::getMessage).filteredOn(expectedConsoleErrors().negate()).isEmpty();
  }

  @AfterAll
  static void closeBrowserAndApp() throws Exception {
    try {
      BrowserSession.closeWith(browser, app);
    } finally {
      browser = null;
      app = null;
    }
  }
}
