package dev.vscope.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @TempDir Path dir;

  private static final String VALID =
      """
      vcenters:
        - name: demo
          url: https://127.0.0.1:8989/sdk
          username: user
          password: s3cret
          thumbprint: "%s"
      collector:
        interval: 90s
      server:
        port: 9443
      storage:
        path: ./history
        retention: 30d
      """.formatted("AB:".repeat(31) + "AB");

  @Test
  void readsEveryBlock() {
    VscopeConfig c = ConfigLoader.parse(VALID, "vscope.yml", dir);
    assertThat(c.vcenters()).hasSize(1);
    VcenterConfig v = c.vcenters().get(0);
    assertThat(v.name()).isEqualTo("demo");
    assertThat(v.password()).isEqualTo("s3cret");
    assertThat(c.collector().interval()).isEqualTo(Duration.ofSeconds(90));
    assertThat(c.collector().concurrency()).isEqualTo(4);
    assertThat(c.server().port()).isEqualTo(9443);
    assertThat(c.storage().path()).isEqualTo(Path.of("./history"));
    assertThat(c.storage().retention()).isEqualTo(Duration.ofDays(30));
  }

  @Test
  void trustedProxiesAreAddressesOrRanges() {
    VscopeConfig c = ConfigLoader.parse("server:\n  trustedProxies: [127.0.0.1, 10.0.0.0/8, \"fd00::/8\"]\n", "vscope.yml", dir);
    assertThat(c.server().trustedProxies()).containsExactly("127.0.0.1", "10.0.0.0/8", "fd00::/8");
    assertThat(ConfigLoader.parse("", "vscope.yml", dir).server().trustedProxies()).isEmpty();
    for (String bad : List.of("proxy.example.com", "10.0.0.0/33", "10.0.0.300", "10.0.0.1-proxy")) {
      assertThatThrownBy(() -> ConfigLoader.parse("server:\n  trustedProxies: [\"" + bad + "\"]\n", "vscope.yml", dir))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("server.trustedProxies: '" + bad + "' is not an IP address");
    }
  }

  @Test
  void emptyFileGivesDefaults() {
    VscopeConfig c = ConfigLoader.parse("", "vscope.yml", dir);
    assertThat(c.vcenters()).isEmpty();
    assertThat(c.collector().interval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.server().port()).isEqualTo(8443);
  }

  @Test
  void unknownKeyIsNamed() {
    assertThatThrownBy(() -> ConfigLoader.parse("collector:\n  intervall: 60s\n", "vscope.yml", dir))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown key 'collector.intervall'");
    assertThatThrownBy(() -> ConfigLoader.parse(VALID.replace("username:", "usernme:"), "vscope.yml", dir))
        .hasMessageContaining("unknown key 'vcenters[0].usernme'");
  }

  @Test
  void badValuesAreNamed() {
    assertThatThrownBy(() -> ConfigLoader.parse("collector:\n  interval: soon\n", "f", dir))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("collector.interval")
        .hasMessageContaining("'soon' is not a duration");
    assertThatThrownBy(() -> ConfigLoader.parse(VALID.replace("name: demo", "name: Demo VC"), "f", dir))
        .hasMessageContaining("vcenters[0].name must match");
    assertThatThrownBy(() -> ConfigLoader.parse(VALID.replace("https://", "http://"), "f", dir))
        .hasMessageContaining("https://");
    assertThatThrownBy(() -> ConfigLoader.parse(VALID.replace("AB:AB", "AB"), "f", dir))
        .hasMessageContaining("thumbprint");
    assertThatThrownBy(() -> ConfigLoader.parse(VALID.replace("90s", "5s"), "f", dir))
        .hasMessageContaining("at least 20s");
    assertThatThrownBy(() -> ConfigLoader.parse("vcenters: [\n", "f", dir)).hasMessageContaining("not valid YAML");
  }

  /** The health checks' thresholds (issue 13): defaults, values, unknown keys and ranges. */
  @Test
  void healthThresholds() {
    HealthConfig defaults = ConfigLoader.parse("", "f", dir).health();
    assertThat(defaults).isEqualTo(new HealthConfig(5.0, 85.0, 150.0, 7.0));
    HealthConfig set = ConfigLoader.parse("health:\n  cpuReadyPercent: 7.5\n  datastoreProvisionedPercent: 200\n  snapshotDays: 3\n", "f", dir).health();
    assertThat(set).isEqualTo(new HealthConfig(7.5, 85.0, 200.0, 3.0));
    assertThatThrownBy(() -> ConfigLoader.parse("health:\n  snapshotAgeDays: 7\n", "f", dir))
        .hasMessageContaining("unknown key 'health.snapshotAgeDays'")
        .hasMessageContaining("cpuReadyPercent, datastoreProvisionedPercent, datastoreUsedPercent, snapshotDays");
    assertThatThrownBy(() -> ConfigLoader.parse("health:\n  datastoreUsedPercent: 120\n", "f", dir))
        .hasMessageContaining("health.datastoreUsedPercent must be between 0 and 100");
    assertThatThrownBy(() -> ConfigLoader.parse("health:\n  cpuReadyPercent: -1\n", "f", dir))
        .hasMessageContaining("health.cpuReadyPercent must be between 0 and 100");
    assertThatThrownBy(() -> ConfigLoader.parse("health:\n  datastoreProvisionedPercent: -5\n", "f", dir))
        .hasMessageContaining("health.datastoreProvisionedPercent must be at least 0");
    assertThatThrownBy(() -> ConfigLoader.parse("health:\n  snapshotDays: -1\n", "f", dir))
        .hasMessageContaining("health.snapshotDays must be at least 0");
  }

  /** The example file documents every key: it loads, and its health block holds the defaults. */
  @Test
  void theExampleFileLoads() throws Exception {
    String example = Files.readString(Path.of("packaging/vscope.example.yml"));
    Files.writeString(dir.resolve("prod.password"), "x");
    Files.writeString(dir.resolve("lab.password"), "x");
    Files.writeString(dir.resolve("lab-ca.pem"), "x");
    Files.writeString(dir.resolve("metrics.token"), "0123456789abcdef0123");
    Files.writeString(dir.resolve("smtp.password"), "x");
    String local = example.replace("/etc/vscope/", "");
    VscopeConfig c = ConfigLoader.parse(local, "vscope.example.yml", dir);
    assertThat(c.health()).isEqualTo(HealthConfig.defaults());
    assertThat(c.alerts().rules()).hasSize(3);
    assertThat(c.alerts().email()).hasSize(1);
  }

  @Test
  void eventsHaveDefaultsAndCheckedBounds() {
    VscopeConfig defaults = ConfigLoader.parse("", "vscope.yml", dir);
    assertThat(defaults.events().retention()).isEqualTo(Duration.ofDays(30));
    assertThat(defaults.events().pageSize()).isEqualTo(500);
    assertThat(defaults.events().pagesPerCycle()).isEqualTo(20);
    VscopeConfig set = ConfigLoader.parse("events:\n  retention: 90d\n  pageSize: 1000\n  pagesPerCycle: 5\n", "vscope.yml", dir);
    assertThat(set.events().retention()).isEqualTo(Duration.ofDays(90));
    assertThat(set.events().pageSize()).isEqualTo(1000);
    assertThat(set.events().pagesPerCycle()).isEqualTo(5);
    assertThatThrownBy(() -> ConfigLoader.parse("events:\n  retention: 12h\n", "f", dir)).hasMessageContaining("events.retention");
    assertThatThrownBy(() -> ConfigLoader.parse("events:\n  pageSize: 1001\n", "f", dir)).hasMessageContaining("events.pageSize");
    assertThatThrownBy(() -> ConfigLoader.parse("events:\n  pagesPerCycle: 0\n", "f", dir)).hasMessageContaining("events.pagesPerCycle");
    assertThatThrownBy(() -> ConfigLoader.parse("events:\n  retain: 30d\n", "f", dir)).hasMessageContaining("unknown key 'events.retain'");
  }

  @Test
  void passwordFileIsReadAndPasswordNeverPrinted() throws Exception {
    Files.writeString(dir.resolve("pw"), "from-file\n");
    VscopeConfig c = ConfigLoader.parse(VALID.replace("password: s3cret", "passwordFile: pw"), "f", dir);
    assertThat(c.vcenters().get(0).password()).isEqualTo("from-file");
    assertThat(c.vcenters().get(0).toString()).doesNotContain("from-file");
    assertThat(c.toString()).doesNotContain("from-file");
    assertThatThrownBy(() -> ConfigLoader.parse(VALID.replace("password: s3cret", "passwordFile: nope"), "f", dir))
        .hasMessageContaining("passwordFile")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void duplicateNamesRefused() {
    String two = VALID.replace("collector:", """
          - name: demo
            url: https://other/sdk
            username: u
            password: p
        collector:""".stripIndent().replace("\n  ", "\n  "));
    assertThatThrownBy(() -> ConfigLoader.parse(two, "f", dir)).hasMessageContaining("used twice");
  }

  @Test
  void prometheusStorageNeedsItsBlockAndKeepsItsBufferInTheDataDirectory() {
    assertThatThrownBy(() -> ConfigLoader.parse("storage:\n  type: prometheus\n", "f", dir)).hasMessageContaining("storage.prometheus");
    assertThatThrownBy(() -> ConfigLoader.parse("storage:\n  type: influx\n", "f", dir))
        .hasMessageContaining("storage.type").hasMessageContaining("must be embedded or prometheus, not influx");
    // the embedded store's name before it replaced the rrd4j files is still read
    assertThat(ConfigLoader.parse("storage:\n  type: rrd\n", "f", dir).storage().type()).isEqualTo(StorageConfig.Type.EMBEDDED);
    assertThat(ConfigLoader.parse("storage:\n  type: embedded\n", "f", dir).storage().type()).isEqualTo(StorageConfig.Type.EMBEDDED);
    VscopeConfig c = ConfigLoader.parse("""
        storage:
          path: /var/lib/vscope
          type: prometheus
          prometheus:
            writeUrl: http://127.0.0.1:9090/api/v1/write
            readUrl: http://127.0.0.1:9090
            bearerToken: t0ken
        """, "f", dir);
    assertThat(c.storage().prometheus().bufferPath()).isEqualTo(Path.of("/var/lib/vscope/prometheus-buffer"));
    assertThat(c.storage().prometheus().toString()).doesNotContain("t0ken");
    assertThatThrownBy(() -> ConfigLoader.parse("storage:\n  type: prometheus\n  prometheus:\n    writeUrl: ftp://x\n    readUrl: http://x\n", "f", dir))
        .isInstanceOf(ConfigException.class).hasMessageContaining("writeUrl");
  }

  private static final String ALERTS = VALID + """
      alerts:
        repeatInterval: 2h
        rules:
          - name: vm-cpu-ready
            type: vm
            metric: cpu.ready
            above: 10
            for: 10m
            severity: critical
            scope:
              vcenters: [demo]
              clusters: [prod-*]
              vms: ["web-*"]
              exclude:
                vms: ["*-test"]
          - name: down
            collection: vcenterUnreachable
            for: 5m
        email:
          - name: ops
            host: smtp.example.com
            username: vscope
            passwordFile: mail.pw
            from: vscope@example.com
            to: [ops@example.com]
        webhooks:
          - name: chat
            url: https://hooks.example.com/services/T0/B0/secret-part
        alertmanagers:
          - name: am
            url: http://alertmanager:9093
      """;

  @Test
  void alertsBlockIsReadWithTheLinesOfItsRules() throws Exception {
    Files.writeString(dir.resolve("mail.pw"), "mail-secret\n");
    AlertsConfig a = ConfigLoader.parse(ALERTS, "vscope.yml", dir).alerts();
    assertThat(a.repeatInterval()).isEqualTo(Duration.ofHours(2));
    assertThat(a.rules()).extracting(RuleConfig::name).containsExactly("vm-cpu-ready", "down");
    RuleConfig r = a.rules().get(0);
    assertThat(r.line()).as("the line of '- name: vm-cpu-ready'").isEqualTo(lineOf(ALERTS, "- name: vm-cpu-ready"));
    assertThat(a.rules().get(1).line()).isEqualTo(lineOf(ALERTS, "- name: down"));
    assertThat(r.above()).isEqualTo(10.0);
    assertThat(r.holdFor()).isEqualTo(Duration.ofMinutes(10));
    assertThat(r.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(r.scope().clusters()).containsExactly("prod-*");
    assertThat(r.scope().exclude().vms()).containsExactly("*-test");
    assertThat(a.rules().get(1).severity()).as("default").isEqualTo(Severity.WARNING);
    assertThat(a.email().get(0).password()).isEqualTo("mail-secret");
    assertThat(a.email().get(0).port()).isEqualTo(587);
    assertThat(a.email().get(0).security()).isEqualTo(EmailConfig.Security.STARTTLS);
    assertThat(a.toString()).doesNotContain("mail-secret").doesNotContain("secret-part");
    assertThat(a.source()).isEqualTo("vscope.yml");
    assertThat(ConfigLoader.parse(VALID, "vscope.yml", dir).alerts().defaultRules()).isTrue();
  }

  @Test
  void badRulesAndChannelsAreRefusedWithTheirLine() throws Exception {
    Files.writeString(dir.resolve("mail.pw"), "mail-secret\n");
    int rule = lineOf(ALERTS, "- name: vm-cpu-ready");
    assertThatThrownBy(() -> ConfigLoader.parse(ALERTS.replace("metrc", "x").replace("    metric: cpu.ready", "    metrc: cpu.ready"), "vscope.yml", dir))
        .hasMessageContaining("vscope.yml:" + (rule + 2) + ": unknown key 'alerts.rules[0].metrc'");
    assertThatThrownBy(() -> ConfigLoader.parse(ALERTS.replace("clusters: [prod-*]", "racks: [r1]"), "vscope.yml", dir))
        .as("an unknown scope dimension").hasMessageContaining("unknown key 'alerts.rules[0].scope.racks'")
        .hasMessageContaining("vscope.yml:" + lineOf(ALERTS, "clusters: [prod-*]"));
    assertThatThrownBy(() -> ConfigLoader.parse(ALERTS.replace("vcenters: [demo]", "vcenters: [prd]"), "vscope.yml", dir))
        .hasMessage("vscope.yml:" + rule + ": alerts.rules[0] (vm-cpu-ready).scope.vcenters: no vCenter named 'prd' (configured: demo)");
    assertThatThrownBy(() -> ConfigLoader.parse(ALERTS.replace("type: vm", "type: host"), "vscope.yml", dir))
        .hasMessageContaining("vscope.yml:" + rule + ": alerts.rules[0] (vm-cpu-ready).scope.vms cannot scope a rule on hosts");
    assertThatThrownBy(() -> ConfigLoader.parse(ALERTS.replace("type: vm", "type: rack"), "vscope.yml", dir))
        .hasMessageContaining("vscope.yml:" + rule + ": alerts.rules[0] (vm-cpu-ready).type must be one of vm, host, datastore, cluster");
    assertThatThrownBy(() -> ConfigLoader.parse(ALERTS.replace("above: 10", "above: 10\n      below: 5"), "vscope.yml", dir))
        .hasMessageContaining("needs exactly one of above and below");
    assertThatThrownBy(() -> ConfigLoader.parse(ALERTS.replace("severity: critical", "severity: fatal"), "vscope.yml", dir))
        .hasMessageContaining("vscope.yml:" + lineOf(ALERTS, "severity: critical") + ": wrong value at 'alerts.rules[0].severity'")
        .hasMessageContaining("must be warning or critical");
    assertThatThrownBy(() -> ConfigLoader.parse(ALERTS.replace("collection: vcenterUnreachable", "collection: vcenterDown"), "vscope.yml", dir))
        .hasMessageContaining("vscope.yml:" + lineOf(ALERTS, "- name: down") + ": alerts.rules[1] (down).collection must be one of");
    assertThatThrownBy(() -> ConfigLoader.parse(ALERTS.replace("name: down", "name: vm-cpu-ready"), "vscope.yml", dir))
        .hasMessageContaining("alerts.rules[1].name 'vm-cpu-ready' is used twice");
    assertThatThrownBy(() -> ConfigLoader.parse(ALERTS.replace("url: https://hooks.example.com/services/T0/B0/secret-part", "url: hooks/secret-part"),
        "vscope.yml", dir)).hasMessageContaining("alerts.webhooks[0].url must be an http:// or https:// URL").hasMessageNotContaining("secret-part");
    assertThatThrownBy(() -> ConfigLoader.parse(ALERTS.replace("passwordFile: mail.pw", "passwordFile: nope"), "vscope.yml", dir))
        .hasMessageContaining("vscope.yml:" + lineOf(ALERTS, "- name: ops") + ": alerts.email[0].passwordFile");
    assertThatThrownBy(() -> ConfigLoader.parse(ALERTS.replace("name: am", "name: ops"), "vscope.yml", dir))
        .as("channel names are one namespace").hasMessageContaining("alerts.alertmanagers[0].name 'ops' is used twice");
  }

  /** The 1-based line of the first line holding {@code text}. */
  private static int lineOf(String yaml, String text) {
    List<String> lines = yaml.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i + 1;
      }
    }
    throw new AssertionError(text);
  }
}
