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
  static String quietMoid;
  static String quietName;

  @BeforeAll
  static void start() throws Exception {
    smtp = SmtpServer.start(dir.resolve("smtp"), VscopeProcess.freePort(), SMTP_USER, SMTP_PASSWORD);
    hooks = HttpReceiver.start();
    alertmanager = Alertmanager.start(java.nio.file.Files.createDirectories(dir.resolve("am")), hooks.url() + "/am");
    app = TestApp.start("-cluster", "1", "-host", "2", "-vm", "2"); // only to read the model's first VM; closed below
    JsonNode vm = app.simulator().model().path("datacenters").get(0).path("vms").get(0);
    vmMoid = vm.path("moid").asText();
    vmName = vm.path("name").asText();
    JsonNode quiet = app.simulator().model().path("datacenters").get(0).path("vms").get(1);
    quietMoid = quiet.path("moid").asText();
    quietName = quiet.path("name").asText();
    app.close();

    RuleConfig rule = new RuleConfig("vm-cpu", "vm", "cpu.usage", 90.0, null, null, Duration.ZERO, Severity.CRITICAL,
        new ScopeConfig(null, null, null, null, null, List.of(vmName), null), "VM CPU above 90 %", 0);
    RuleConfig memory = new RuleConfig("vm-memory", "vm", "mem.usage", 90.0, null, null, Duration.ZERO, Severity.WARNING,
        new ScopeConfig(null, null, null, null, null, List.of(quietName), null), null, 0);
    EmailConfig mail = new EmailConfig("mail", "127.0.0.1", smtp.port(), EmailConfig.Security.STARTTLS, SMTP_USER, SMTP_PASSWORD, null,
        "vscope@example.com", List.of("ops@example.com"), smtp.certificate(), null, Duration.ofSeconds(10), 0);
    WebhookConfig hook = new WebhookConfig("hook", hooks.url() + "/hook/T000/B000/secret", "hook-token", null, null, null, 0);
    AlertmanagerConfig am = new AlertmanagerConfig("am", alertmanager.url(), null, null, Duration.ofSeconds(10), null, 0);
    AlertsConfig alerts = new AlertsConfig(false, Duration.ofSeconds(5), null, "https://vscope.example.com:8443", List.of(rule, memory), List.of(mail),
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
  static void cpu(int hundredths) throws Exception {
    perf(vmMoid, "cpu.usage.average", hundredths);
  }

  /** The simulator's clock offset, moved forward at each change, whichever test runs first: each cycle reads new samples. */
  static int offset;

  static void perf(String moid, String counter, int value) throws Exception {
    app.simulator().control("{\"setPerf\": {\"entity\": \"" + moid + "\", \"counter\": \"" + counter + "\", \"value\": " + value + "}}");
    offset += 120;
    app.simulator().control("{\"clockOffsetSeconds\": " + offset + "}");
    assertThat(app.collectNow()).isTrue();
    app.alerts().evaluate();
  }

  /**
   * A silence set through the API keeps an alert from every receiver while it lasts; removed, the
   * alert, still firing, reaches them. (Its own rule and VM, and its own stretch of the
   * simulator's clock, so that it does not depend on the other test.)
   */
  @Test
  void aSilenceKeepsAnAlertFromEveryReceiverUntilItIsRemoved() throws Exception {
    String origin = app.baseUrl();
    java.net.http.HttpRequest post = java.net.http.HttpRequest.newBuilder(java.net.URI.create(app.baseUrl() + "/api/v1/silences"))
        .header("Content-Type", "application/json").header("Origin", origin)
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"targets\": [\"sim:" + quietMoid + "\"], \"rule\": \"vm-memory\", "
            + "\"duration\": \"1h\", \"reason\": \"load test\"}")).build();
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    HttpResponse<String> set = http.send(post, HttpResponse.BodyHandlers.ofString());
    assertThat(set.statusCode()).as(set.body()).isEqualTo(201);
    String id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(set.body()).path("id").asText();
    assertThat(set.body()).contains("\"createdBy\":\"-\""); // no login on this server

    perf(quietMoid, "mem.usage.average", 9500);
    JsonNode firing = app.getJson("/api/v1/alerts?state=firing");
    JsonNode mine = StreamSupport.stream(firing.spliterator(), false).filter(a -> a.path("rule").asText().equals("vm-memory")).findFirst()
        .orElseThrow();
    assertThat(mine.path("silenced").asBoolean()).isTrue();
    Thread.sleep(3000); // what would have gone out by now
    assertThat(hooks.received()).noneMatch(r -> r.body().toString().contains(quietName));
    assertThat(smtp.messages()).noneMatch(m -> m.path("data").asText().contains(quietName));
    assertThat(alertmanager.alerts().findValuesAsText("entity_name")).doesNotContain(quietName);

    HttpResponse<String> removed = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(app.baseUrl() + "/api/v1/silences/" + id))
        .header("Origin", origin).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(removed.statusCode()).isEqualTo(204);
    hooks.await(30, r -> r.stream().anyMatch(x -> x.path().startsWith("/hook") && x.body().path("group").asText().equals("vm-memory")
        && x.body().path("status").asText().equals("firing")));
    smtp.await(30, m -> m.stream().anyMatch(x -> x.path("data").asText().contains("FIRING 1: vm-memory (warning)")));
    hooks.await(30, r -> r.stream().anyMatch(x -> x.path().equals("/am")
        && x.body().path("alerts").findValuesAsText("entity_name").contains(quietName)));
    perf(quietMoid, "mem.usage.average", 1500);
  }

  @Test
  void aVmOverItsThresholdIsMailedPostedAndSentToAlertmanagerThenResolved() throws Exception {
    cpu(9700);
    JsonNode all = app.getJson("/api/v1/alerts?state=firing");
    assertThat(all).allSatisfy(a -> assertThat(a.path("rule").asText()).isIn("vm-cpu", "vm-memory"));
    List<JsonNode> firing = StreamSupport.stream(app.getJson("/api/v1/alerts?state=firing").spliterator(), false)
        .filter(a -> a.path("rule").asText().equals("vm-cpu")).toList();
    assertThat(firing).hasSize(1);
    assertThat(firing.get(0).path("target").path("name").asText()).isEqualTo(vmName);
    assertThat(firing.get(0).path("value").asDouble()).isEqualTo(97.0);
    assertThat(firing.get(0).path("severity").asText()).isEqualTo("critical");

    // SMTP: STARTTLS, then the account, then the mail
    JsonNode mail = smtp.await(30, m -> m.stream().anyMatch(x -> x.path("data").asText().contains("vm-cpu"))).stream()
        .filter(x -> x.path("data").asText().contains("vm-cpu")).findFirst().orElseThrow();
    assertThat(mail.path("tls").asBoolean()).as("STARTTLS before the mail").isTrue();
    assertThat(mail.path("login").asText()).isEqualTo(SMTP_USER);
    assertThat(mail.path("rcptTos").get(0).asText()).isEqualTo("ops@example.com");
    assertThat(mail.path("data").asText()).contains("Subject: [vscope] FIRING 1: vm-cpu (critical)").contains(vmName)
        .contains("cpu.usage 97 percent > 90").contains("https://vscope.example.com:8443/entity.html?id=sim%3A" + vmMoid + "&metric=cpu.usage&threshold=90");

    // the webhook: Slack's and Teams' text, and the structured fields, with the token
    java.util.function.Predicate<HttpReceiver.Received> cpuHook = x -> x.path().startsWith("/hook") && x.body().path("group").asText().equals("vm-cpu");
    HttpReceiver.Received posted = hooks.await(30, r -> r.stream().anyMatch(cpuHook)).stream().filter(cpuHook).findFirst().orElseThrow();
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
    hooks.await(30, r -> r.stream().anyMatch(x -> x.path().equals("/am") && x.body().path("status").asText().equals("firing")
        && x.body().path("alerts").findValuesAsText("alertname").contains("vm-cpu")));

    // back under the threshold: everyone hears of the end
    cpu(1200);
    assertThat(app.getJson("/api/v1/alerts?state=firing").findValuesAsText("rule")).doesNotContain("vm-cpu");
    List<JsonNode> resolved = StreamSupport.stream(app.getJson("/api/v1/alerts?state=resolved").spliterator(), false)
        .filter(a -> a.path("rule").asText().equals("vm-cpu")).toList();
    assertThat(resolved).hasSize(1);
    assertThat(resolved.get(0).path("resolvedAt").isTextual()).isTrue();
    smtp.await(30, m -> m.stream().anyMatch(x -> x.path("data").asText().contains("Subject: [vscope] RESOLVED 1: vm-cpu (critical)")
        && x.path("data").asText().contains(vmName)));
    assertThat(smtp.messages().stream().filter(x -> x.path("data").asText().contains("FIRING 1: vm-cpu"))).as("told once").hasSize(1);
    hooks.await(30, r -> r.stream().anyMatch(x -> x.path().startsWith("/hook") && x.body().path("status").asText().equals("resolved")
        && x.body().path("resolved").get(0).path("target").path("name").asText().equals(vmName)));
    hooks.await(30, r -> r.stream().anyMatch(x -> x.path().equals("/am") && x.body().path("status").asText().equals("resolved")
        && x.body().path("alerts").get(0).path("labels").path("entity_name").asText().equals(vmName)));
    awaitAlertmanager(a -> a.size() == 0);

    // and /metrics counts what each channel accepted
    HttpResponse<String> metrics = app.get("/metrics", "Authorization", "Bearer " + TestApp.METRICS_TOKEN);
    assertThat(metrics.body()).containsPattern("vscope_alert_notifications_sent_total\\{channel=\"mail\",type=\"email\"\\} [2-9]\\.0")
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
