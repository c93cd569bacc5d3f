package dev.vscope.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vscope.config.AlertsConfig;
import dev.vscope.config.RuleConfig;
import dev.vscope.config.ScopeConfig;
import dev.vscope.config.Severity;
import dev.vscope.config.WebhookConfig;
import dev.vscope.testing.HttpReceiver;
import dev.vscope.testing.TestApp;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The Alerts page in a real Chromium (issue 14): a VM the simulator drives over a rule's threshold
 * fires, another that went back under it is in the history, the rules are listed; the alert's
 * graph link opens the VM's page with the threshold drawn on that metric's chart; a silence set
 * from the page covers the alert and is removed from the page; the status page shows a channel
 * that fails, with why. Saves the Alerts page's screenshot for the README.
 */
class BrowserAlertsIT extends ChromiumTest {

  static HttpReceiver hooks;
  static JsonNode hot;
  static JsonNode cooled;

  @BeforeAll
  static void start() throws Exception {
    hooks = HttpReceiver.start();
    hooks.down(true);
    RuleConfig cpu = new RuleConfig("vm-cpu", "vm", "cpu.usage", 90.0, null, null, Duration.ZERO, Severity.CRITICAL, null,
        "VM CPU above 90 %", 0);
    RuleConfig ready = new RuleConfig("vm-cpu-ready", "vm", "cpu.ready", 10.0, null, null, Duration.ofMinutes(10), Severity.WARNING,
        new ScopeConfig(null, null, null, null, null, List.of("*"), new ScopeConfig(null, null, null, null, null, List.of("*-test"), null)), null, 0);
    WebhookConfig hook = new WebhookConfig("chat", hooks.url() + "/hook", null, null, null, null, 0);
    AlertsConfig alerts = new AlertsConfig(false, null, null, null, List.of(cpu, ready), null, List.of(hook), null, "test");
    app = TestApp.startWithAlerts(Clock.systemUTC(), alerts, "-cluster", "1", "-host", "2", "-vm", "3");
    JsonNode vms = app.simulator().model().path("datacenters").get(0).path("vms");
    hot = vms.get(0);
    cooled = vms.get(1);
    // every VM under both rules' thresholds whatever the simulator's random data says, but these two
    for (JsonNode vm : vms) {
      cpu(vm, 1000);
      app.simulator().control("{\"setPerf\": {\"entity\": \"" + vm.path("moid").asText() + "\", \"counter\": \"cpu.ready.summation\", \"value\": 100}}");
    }
    cpu(hot, 9700);
    cpu(cooled, 9600);
    collect(60);
    cpu(cooled, 1500);
    collect(180);
    browser = BrowserSession.start(app.baseUrl());
  }

  static void cpu(JsonNode vm, int hundredths) throws Exception {
    app.simulator().control("{\"setPerf\": {\"entity\": \"" + vm.path("moid").asText() + "\", \"counter\": \"cpu.usage.average\", \"value\": "
        + hundredths + "}}");
  }

  static void collect(int clockOffset) throws Exception {
    app.simulator().control("{\"clockOffsetSeconds\": " + clockOffset + "}");
    assertThat(app.collectNow()).isTrue();
    app.alerts().evaluate();
  }

  /** After ChromiumTest has closed the browser and the application. */
  @AfterAll
  static void stopReceiver() throws Exception {
    hooks.close();
  }

  static List<String> column(String table, String column) {
    return browser.findAll("#" + table + " table.data tbody td[data-col='" + column + "']").stream().map(WebElement::getText).toList();
  }

  @Test
  void firingResolvedAndRulesShowAndTheGraphLinkDrawsTheThreshold() {
    browser.open("alerts.html");
    assertThat(browser.find("#topbar nav a[aria-current='page']").getText()).isEqualTo("Alerts");
    assertThat(column("firing", "where")).hasSize(1).allMatch(t -> t.startsWith(hot.path("name").asText()));
    assertThat(column("firing", "severity")).containsExactly("Critical");
    assertThat(column("firing", "state")).containsExactly("Firing");
    assertThat(column("firing", "value")).containsExactly("97.0% (> 90.0%)");
    assertThat(column("firing", "summary")).containsExactly("VM CPU above 90 %");
    assertThat(column("history", "where")).hasSize(1).allMatch(t -> t.startsWith(cooled.path("name").asText()));
    assertThat(column("rules", "name")).containsExactly("vm-cpu", "vm-cpu-ready");
    assertThat(column("rules", "scope")).contains("everywhere", "VMs: * · except VMs: *-test");
    assertThat(column("rules", "for")).contains("at once");

    browser.find("#firing a.graph").click();
    browser.waitUntil(d -> d.getCurrentUrl().contains("entity.html"));
    browser.waitLoaded(1);
    WebElement chart = browser.waitUntil(d -> browser.find(".chart.alert-chart"));
    assertThat(chart.getDomAttribute("data-metric")).isEqualTo("cpu.usage");
    assertThat(chart.getDomAttribute("data-threshold")).isEqualTo("90");
    assertThat(chart.findElement(org.openqa.selenium.By.cssSelector(".chart-threshold")).getText()).isEqualTo("alert threshold 90.0%");
    assertThat(browser.findAll(".chart.alert-chart")).as("only the alert's metric").hasSize(1);
    Object inView = browser.script("const r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight;", chart);
    assertThat(inView).as("the alert's chart is brought into view").isEqualTo(true);
  }

  @Test
  void aSilenceSetFromThePageCoversTheAlertUntilItIsRemoved() throws Exception {
    browser.open("alerts.html");
    browser.find("#firing button.silence").click();
    browser.waitUntil(d -> !browser.find("#silence-form").getDomAttribute("class").isEmpty() && browser.find("#silence-form").isDisplayed());
    String hostId = "sim:" + app.simulator().model().path("datacenters").get(0).path("hosts").findValuesAsText("moid").stream()
        .filter(h -> app.snapshot().inventory().datacenters().get(0).vms().stream()
            .anyMatch(v -> v.name().equals(hot.path("name").asText()) && v.host().equals("sim:" + h))).findFirst().orElseThrow();
    new Select(browser.find("#silence-scope")).selectByValue(hostId);
    new Select(browser.find("#silence-duration")).selectByValue("4h");
    browser.find("#silence-reason").sendKeys("firmware on the host");
    int loads = browser.loads();
    browser.find("#silence button[type='submit']").click();
    browser.waitLoaded(loads + 1);
    assertThat(browser.find("#silence-form").isDisplayed()).isFalse();
    assertThat(column("silences", "reason")).containsExactly("firmware on the host");
    assertThat(column("silences", "rule")).containsExactly("vm-cpu");
    assertThat(column("silences", "by")).containsExactly("-");
    assertThat(column("firing", "state")).containsExactly("Firing Silenced");
    JsonNode set = app.getJson("/api/v1/silences");
    assertThat(set.get(0).path("targets").get(0).path("id").asText()).isEqualTo(hostId);

    browser.screenshot(Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "docs", "screenshots", "alerts.png"));

    loads = browser.loads();
    browser.find("#silences button.unsilence").click();
    browser.waitLoaded(loads + 1);
    assertThat(column("silences", "reason")).isEmpty();
    assertThat(column("firing", "state")).containsExactly("Firing");
  }

  @Test
  void theStatusPageShowsAChannelThatFailsAndWhy() throws Exception {
    hooks.await(0, r -> true);
    browser.open("status.html");
    browser.waitUntil(d -> {
      browser.driver().navigate().refresh();
      browser.waitLoaded(1);
      return !browser.findAll("#channels tr[data-channel='chat'] .status-error").isEmpty();
    });
    WebElement row = browser.find("#channels tr[data-channel='chat']");
    assertThat(row.getText()).contains("webhook").contains("Failing").contains("the receiver answered HTTP 503");
  }
}
