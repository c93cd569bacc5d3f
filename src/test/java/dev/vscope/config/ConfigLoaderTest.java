package dev.vscope.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
    String local = example.replace("/etc/vscope/", "");
    assertThat(ConfigLoader.parse(local, "vscope.example.yml", dir).health()).isEqualTo(HealthConfig.defaults());
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
}
