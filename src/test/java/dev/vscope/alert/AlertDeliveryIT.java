package dev.vscope.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vscope.config.AlertmanagerConfig;
import dev.vscope.config.AlertsConfig;
import dev.vscope.config.EmailConfig;
import dev.vscope.config.RuleConfig;
import dev.vscope.config.ScopeConfig;
import dev.vscope.config.Severity;
import dev.vscope.config.WebhookConfig;
import dev.vscope.testing.Alertmanager;
import dev.vscope.testing.HttpReceiver;
import dev.vscope.testing.SmtpServer;
import dev.vscope.testing.TestApp;
import dev.vscope.testing.VscopeProcess;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An alert from end to end, against real servers: the simulator drives a VM's CPU usage across a
 * rule's threshold and back (its control endpoint's {@code setPerf}), and vscope tells a real SMTP
 * server (aiosmtpd, STARTTLS required, then AUTH), a local webhook receiver and a real Alertmanager
 * (which routes to a webhook of its own, resolved notifications on): each hears of the firing, then
 * of the resolution. The VM's name and the value come from the simulator's model and the value set.
 */
class AlertDeliveryIT {

  static final String SMTP_USER = "vscope-mailer";
  static final String SMTP_PASSWORD = "smtp-Secret-4711";

  @TempDir static Path dir;
  static SmtpServer smtp;
  static HttpReceiver hooks;
  static Alertmanager alertmanager;
  static TestApp app;
  static String vmMoid;
  static String vmName;

  @BeforeAll
  static void start() throws Exception {
    smtp = SmtpServer.start(dir.resolve("smtp"), VscopeProcess.freePort(), SMTP_USER, SMTP_PASSWORD);
    hooks = HttpReceiver.start();
    alertmanager = Alertmanager.start(java.nio.file.Files.createDirectories(dir.resolve("am")), hooks.url() + "/am");
    app = TestApp.start("-cluster", "1", "-host", "2", "-vm", "2"); // only to read the model's first VM; closed below
    JsonNode vm = app.simulator().model().path("datacenters").get(0).path("vms").get(0);
    vmMoid = vm.path("moid").asText();
    vmName = vm.path("name").asText();
    app.close();

    RuleConfig rule = new RuleConfig("vm-cpu", "vm", "cpu.usage", 90.0, null, null, Duration.ZERO, Severity.CRITICAL,
        new ScopeConfig(null, null, null, null, null, List.of(vmName), null), "VM CPU above 90 %", 0);
    EmailConfig mail = new EmailConfig("mail", "127.0.0.1", smtp.port(), EmailConfig.Security.STARTTLS, SMTP_USER, SMTP_PASSWORD, null,
        "vscope@example.com", List.of("ops@example.com"), smtp.certificate(), null, Duration.ofSeconds(10), 0);
    WebhookConfig hook = new WebhookConfig("hook", hooks.url() + "/hook/T000/B000/secret", "hook-token", null, null, null, 0);
    AlertmanagerConfig am = new AlertmanagerConfig("am", alertmanager.url(), null, null, Duration.ofSeconds(10), null, 0);
    AlertsConfig alerts = new AlertsConfig(false, Duration.ofSeconds(5), null, "https://vscope.example.com:8443", List.of(rule), List.of(mail),
        List.of(hook), List.of(am), "test");
    app = TestApp.startWithAlerts(Clock.systemUTC(), alerts, "-cluster", "1", "-host", "2", "-vm", "2");
  }

  @AfterAll
  static void stop() throws Exception {
    if (app != null) {
      app.close();
    }
    alertmanager.close();
    hooks.close();
    smtp.close();
  }

  /** Sets the VM's CPU usage (hundredths of a percent), lets the simulator's clock pass a sample and collects. */
  static void cpu(int hundredths, int clockOffsetSeconds) throws Exception {
    app.simulator().control("{\"setPerf\": {\"entity\": \"" + vmMoid + "\", \"counter\": \"cpu.usage.average\", \"value\": " + hundredths + "}}");
    app.simulator().control("{\"clockOffsetSeconds\": " + clockOffsetSeconds + "}");
    assertThat(app.collectNow()).isTrue();
    app.alerts().evaluate();
  }

  @Test
  void aVmOverItsThresholdIsMailedPostedAndSentToAlertmanagerThenResolved() throws Exception {
    cpu(9700, 60);
    JsonNode firing = app.getJson("/api/v1/alerts?state=firing");
    assertThat(firing).hasSize(1);
    assertThat(firing.get(0).path("target").path("name").asText()).isEqualTo(vmName);
    assertThat(firing.get(0).path("value").asDouble()).isEqualTo(97.0);
    assertThat(firing.get(0).path("severity").asText()).isEqualTo("critical");

    // SMTP: STARTTLS, then the account, then the mail
    JsonNode mail = smtp.await(30, m -> m.size() == 1).get(0);
    assertThat(mail.path("tls").asBoolean()).as("STARTTLS before the mail").isTrue();
    assertThat(mail.path("login").asText()).isEqualTo(SMTP_USER);
    assertThat(mail.path("rcptTos").get(0).asText()).isEqualTo("ops@example.com");
    assertThat(mail.path("data").asText()).contains("Subject: [vscope] FIRING 1: vm-cpu (critical)").contains(vmName)
        .contains("cpu.usage 97 percent > 90").contains("https://vscope.example.com:8443/entity.html?id=sim%3A" + vmMoid + "&metric=cpu.usage&threshold=90");

    // the webhook: Slack's and Teams' text, and the structured fields, with the token
    HttpReceiver.Received posted = hooks.await(30, r -> r.stream().anyMatch(x -> x.path().startsWith("/hook"))).stream()
        .filter(x -> x.path().startsWith("/hook")).findFirst().orElseThrow();
    assertThat(posted.path()).isEqualTo("/hook/T000/B000/secret");
    assertThat(posted.authorization()).isEqualTo("Bearer hook-token");
    assertThat(posted.contentType()).isEqualTo("application/json");
    assertThat(posted.body().path("text").asText()).startsWith("[vscope] FIRING 1: vm-cpu (critical)").contains(vmName);
    assertThat(posted.body().path("status").asText()).isEqualTo("firing");
    assertThat(posted.body().path("firing").get(0).path("target").path("name").asText()).isEqualTo(vmName);
    assertThat(posted.body().path("firing").get(0).path("value").asDouble()).isEqualTo(97.0);

    // Alertmanager holds it as active, and routes it to its own receiver
    JsonNode held = awaitAlertmanager(a -> a.size() == 1);
    assertThat(held.get(0).path("labels").path("alertname").asText()).isEqualTo("vm-cpu");
    assertThat(held.get(0).path("labels").path("entity_name").asText()).isEqualTo(vmName);
    assertThat(held.get(0).path("labels").path("entity").asText()).isEqualTo("sim:" + vmMoid);
    assertThat(held.get(0).path("labels").path("severity").asText()).isEqualTo("critical");
    assertThat(held.get(0).path("status").path("state").asText()).isEqualTo("active");
    assertThat(held.get(0).path("generatorURL").asText()).contains("entity.html?id=sim%3A" + vmMoid);
    hooks.await(30, r -> r.stream().anyMatch(x -> x.path().equals("/am") && x.body().path("status").asText().equals("firing")));

    // back under the threshold: everyone hears of the end
    cpu(1200, 120);
    assertThat(app.getJson("/api/v1/alerts?state=firing")).isEmpty();
    JsonNode resolved = app.getJson("/api/v1/alerts?state=resolved");
    assertThat(resolved).hasSize(1);
    assertThat(resolved.get(0).path("resolvedAt").isTextual()).isTrue();
    JsonNode end = smtp.await(30, m -> m.size() == 2).get(1);
    assertThat(end.path("data").asText()).contains("Subject: [vscope] RESOLVED 1: vm-cpu (critical)").contains(vmName);
    hooks.await(30, r -> r.stream().anyMatch(x -> x.path().startsWith("/hook") && x.body().path("status").asText().equals("resolved")
        && x.body().path("resolved").get(0).path("target").path("name").asText().equals(vmName)));
    hooks.await(30, r -> r.stream().anyMatch(x -> x.path().equals("/am") && x.body().path("status").asText().equals("resolved")
        && x.body().path("alerts").get(0).path("labels").path("entity_name").asText().equals(vmName)));
    awaitAlertmanager(a -> a.size() == 0);

    // and /metrics counts what each channel accepted
    HttpResponse<String> metrics = app.get("/metrics", "Authorization", "Bearer " + TestApp.METRICS_TOKEN);
    assertThat(metrics.body()).contains("vscope_alert_notifications_sent_total{channel=\"mail\",type=\"email\"} 2.0")
        .contains("vscope_alert_channel_failing{channel=\"hook\",type=\"webhook\"} 0.0")
        .doesNotContain(SMTP_PASSWORD).doesNotContain("secret");
  }

  static JsonNode awaitAlertmanager(java.util.function.Predicate<List<JsonNode>> done) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      JsonNode alerts = alertmanager.alerts();
      List<JsonNode> vscope = StreamSupport.stream(alerts.spliterator(), false)
          .filter(a -> a.path("labels").path("alertname").asText().equals("vm-cpu")).toList();
      if (done.test(vscope)) {
        return new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(vscope);
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Alertmanager holds: " + alerts);
      }
      Thread.sleep(200);
    }
  }
}
