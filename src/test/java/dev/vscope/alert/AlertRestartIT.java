package dev.vscope.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vscope.sim.Simulator;
import dev.vscope.testing.HttpReceiver;
import dev.vscope.testing.Sims;
import dev.vscope.testing.SmtpServer;
import dev.vscope.testing.VscopeProcess;
import dev.vscope.web.ServerIdentity;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * vscope as a process, its alerts' receivers failing and coming back, and vscope killed while an
 * alert fires: the webhook answers 503 and the SMTP server is not there yet when the alert fires
 * (both show as failing on the status and in {@code /metrics}); once they are back each gets the
 * firing once; vscope is killed, the VM recovers meanwhile, and the restarted vscope tells each the
 * end without telling the firing again. No password, token or webhook path reaches the log.
 */
class AlertRestartIT {

  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final String SMTP_PASSWORD = "smtp-Pass-8812";
  static final String HOOK_PATH = "/hook/T0001/B0001/xoxb-secret-path";
  static final String HOOK_TOKEN = "hook-bearer-0123456789";
  static final String METRICS_TOKEN = "restart-metrics-token-0123";

  @TempDir Path dir;

  @Test
  void receiversThatComeBackGetEverythingOnceAndARestartLosesNoResolution() throws Exception {
    try (Simulator sim = Sims.start("-cluster", "1", "-host", "2", "-vm", "2"); HttpReceiver hooks = HttpReceiver.start()) {
      JsonNode vm = sim.model().path("datacenters").get(0).path("vms").get(0);
      String moid = vm.path("moid").asText();
      String name = vm.path("name").asText();
      sim.control(setPerf(moid, 9700));
      hooks.down(true);
      int smtpPort = VscopeProcess.freePort();
      Path smtpDir = Files.createDirectories(dir.resolve("smtp"));
      ServerIdentity.selfSigned(smtpDir.resolve("tls"), java.time.Instant.now()); // the server's certificate, known before it runs
      Files.writeString(dir.resolve("mail.password"), SMTP_PASSWORD + "\n");
      int port = VscopeProcess.freePort();
      configure(sim, port, hooks, smtpPort, smtpDir.resolve("tls").resolve("vscope-cert.pem"), name);

      VscopeProcess vscope = VscopeProcess.start(dir, port);
      SmtpServer smtp = null;
      try {
        vscope.awaitOk("/readyz");
        String alertId = await(vscope, "/api/v1/alerts?state=firing", a -> a.size() == 1).get(0).path("id").asText();

        // both receivers fail: the status and /metrics say so, with why
        JsonNode channels = await(vscope, "/api/v1/status", s -> s.path("channels").size() == 2
            && s.path("channels").get(0).path("consecutiveFailures").asInt() > 0 && s.path("channels").get(1).path("consecutiveFailures").asInt() > 0)
            .path("channels");
        assertThat(channels.get(0).path("name").asText()).isEqualTo("mail");
        assertThat(channels.get(0).path("lastError").asText()).contains("MailConnectException");
        assertThat(channels.get(1).path("name").asText()).isEqualTo("hook");
        assertThat(channels.get(1).path("lastError").asText()).contains("HTTP 503");
        assertThat(channels.get(1).path("waiting").asInt()).isEqualTo(1);
        assertThat(metrics(port)).contains("vscope_alert_channel_failing{channel=\"hook\",type=\"webhook\"} 1.0")
            .contains("vscope_alert_channel_failing{channel=\"mail\",type=\"email\"} 1.0");

        // back: each gets the firing, once
        hooks.down(false);
        hooks.await(60, r -> firings(r, alertId) == 1);
        smtp = SmtpServer.start(smtpDir, smtpPort, "vscope", SMTP_PASSWORD);
        SmtpServer mail = smtp;
        mail.await(90, m -> m.size() == 1);
        assertThat(mail.messages().get(0).path("data").asText()).contains("FIRING 1: vm-cpu").contains(name);
        awaitOnDisk(vscope.dataDir(), alertId);

        // killed while it fires; the VM recovers meanwhile
        vscope.kill();
        sim.control(setPerf(moid, 1500));
        Thread.sleep(1000);
        vscope = VscopeProcess.start(dir, port);
        vscope.awaitOk("/readyz");
        hooks.await(90, r -> r.stream().anyMatch(x -> x.body().path("status").asText().equals("resolved")
            && x.body().path("resolved").get(0).path("id").asText().equals(alertId)));
        mail.await(90, m -> m.size() == 2);
        assertThat(mail.messages().get(1).path("data").asText()).contains("RESOLVED 1: vm-cpu").contains(name);
        Thread.sleep(3000); // a duplicate, had there been one, would have come by now
        assertThat(firings(hooks.received(), alertId)).as("the restart does not tell the firing again").isEqualTo(1);
        assertThat(mail.messages()).hasSize(2);
        JsonNode resolved = vscope.getJson("/api/v1/alerts?state=resolved");
        assertThat(resolved).hasSize(1);
        assertThat(resolved.get(0).path("id").asText()).isEqualTo(alertId);
        assertThat(hooks.received()).allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer " + HOOK_TOKEN));
        vscope.stop();

        String log = vscope.log();
        assertThat(log).contains("alert channel mail (email): notification of vm-cpu not delivered").contains("alert channel hook (webhook)");
        assertThat(log).doesNotContain(SMTP_PASSWORD).doesNotContain("xoxb-secret-path").doesNotContain(HOOK_TOKEN);
      } finally {
        vscope.close();
        if (smtp != null) {
          smtp.close();
        }
      }
    }
  }

  void configure(Simulator sim, int port, HttpReceiver hooks, int smtpPort, Path smtpCert, String vmName) throws Exception {
    Files.writeString(dir.resolve("vscope.yml"), """
        vcenters:
          - name: sim
            url: %s
            username: %s
            password: %s
            thumbprint: "%s"
        collector:
          interval: 20s
        server:
          bind: 127.0.0.1
          port: %d
          plainHttp: true
        auth:
          enabled: false
        storage:
          path: %s
        metrics:
          token: %s
        alerts:
          defaultRules: false
          evaluationInterval: 2s
          externalUrl: https://vscope.example.com
          rules:
            - name: vm-cpu
              type: vm
              metric: cpu.usage
              above: 90
              severity: critical
              scope:
                vms: ["%s"]
          email:
            - name: mail
              host: 127.0.0.1
              port: %d
              username: vscope
              passwordFile: mail.password
              from: vscope@example.com
              to: [ops@example.com]
              caFile: %s
              timeout: 5s
          webhooks:
            - name: hook
              url: %s
              bearerToken: %s
        """.formatted(sim.url(), sim.username(), sim.password(), sim.thumbprint(), port, dir.resolve("data"), METRICS_TOKEN, vmName, smtpPort,
        smtpCert, hooks.url() + HOOK_PATH, HOOK_TOKEN));
  }

  static String setPerf(String moid, int hundredths) {
    return "{\"setPerf\": {\"entity\": \"" + moid + "\", \"counter\": \"cpu.usage.average\", \"value\": " + hundredths + "}}";
  }

  /** How many webhook posts told this alert fires. */
  static long firings(List<HttpReceiver.Received> received, String alertId) {
    return received.stream().filter(r -> r.body().path("status").asText().equals("firing"))
        .filter(r -> r.body().path("firing").findValuesAsText("id").contains(alertId)).count();
  }

  static JsonNode await(VscopeProcess vscope, String path, Predicate<JsonNode> done) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = vscope.getJson(path);
      if (last != null && done.test(last)) {
        return last;
      }
      Thread.sleep(250);
    }
    throw new AssertionError(path + " never as expected; last: " + last + "\n" + vscope.log());
  }

  /** Waits until the state file says both channels were told: what a kill must not lose. */
  static void awaitOnDisk(Path data, String alertId) throws Exception {
    Path file = data.resolve("alerts").resolve("alerts.json");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (Files.exists(file)) {
        for (JsonNode a : JSON.readTree(file.toFile()).path("active")) {
          if (a.path("id").asText().equals(alertId) && a.path("notified").has("mail") && a.path("notified").has("hook")) {
            return;
          }
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the alert's deliveries never reached " + file);
  }

  static String metrics(int port) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
        .header("Authorization", "Bearer " + METRICS_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }
}
