package dev.vscope.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vscope.collect.Metric;
import dev.vscope.config.AlertsConfig;
import dev.vscope.config.ConfigException;
import dev.vscope.config.ConfigLoader;
import dev.vscope.config.RuleConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rules compiled from the configuration: metrics checked against vscope's catalog, with the rule's line; the defaults. */
class RuleBookTest {

  @TempDir Path dir;

  static final String YAML = """
      alerts:
        rules:
          - name: ready
            type: vm
            metric: cpu.ready
            above: 5
          - name: host-cpu
            type: host
            metric: cpu.usage
            above: 75
            severity: critical
      """;

  @Test
  void anUnknownMetricIsRefusedWithTheLineOfItsRule() {
    AlertsConfig a = ConfigLoader.parse(YAML.replace("cpu.ready", "cpu.redy"), "vscope.yml", dir).alerts();
    assertThatThrownBy(() -> RuleBook.check(a)).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("vscope.yml:3: alerts.rules[0] (ready): unknown metric 'cpu.redy' for vms (known: cpu.usage, cpu.ready,");
    AlertsConfig perDatastore = ConfigLoader.parse(YAML.replace("type: vm\n      metric: cpu.ready", "type: host\n      metric: datastore.readLatency"),
        "vscope.yml", dir).alerts();
    assertThatThrownBy(() -> RuleBook.check(perDatastore)).as("a metric with one series per datastore of a host has no single value")
        .hasMessageContaining("unknown metric 'datastore.readLatency' for hosts");
    AlertsConfig wrongType = ConfigLoader.parse(YAML.replace("cpu.ready", "space.usedPercent"), "vscope.yml", dir).alerts();
    assertThatThrownBy(() -> RuleBook.check(wrongType)).hasMessageContaining("unknown metric 'space.usedPercent' for vms");
  }

  @Test
  void aHealthRuleNamesAKnownCheckAndTakesNoThreshold() {
    String yaml = "alerts:\n  rules:\n    - name: tools\n      health: vmToolz\n      scope:\n        vms: [\"web-*\"]\n";
    assertThatThrownBy(() -> RuleBook.check(ConfigLoader.parse(yaml, "vscope.yml", dir).alerts()))
        .hasMessageStartingWith("vscope.yml:3: alerts.rules[0] (tools): unknown health check 'vmToolz' (known: hostDisconnected, ");
    RuleBook.check(ConfigLoader.parse(yaml.replace("vmToolz", "vmTools"), "vscope.yml", dir).alerts());
    assertThatThrownBy(() -> ConfigLoader.parse(yaml.replace("vmToolz", "vmTools\n      above: 3"), "vscope.yml", dir))
        .hasMessageContaining("vscope.yml:3: alerts.rules[0] (tools): only a metric rule has a type, above or below");
    assertThatThrownBy(() -> ConfigLoader.parse(yaml.replace("vmToolz", "vmTools\n      collection: stale"), "vscope.yml", dir))
        .hasMessageContaining("needs one of metric (with type and above or below), collection, health or alarm");
  }

  @Test
  void theDefaultsComeFirstAndARuleOfTheFileReplacesOneOfTheirName() {
    AlertsConfig a = ConfigLoader.parse(YAML, "vscope.yml", dir).alerts();
    List<Rule> rules = RuleBook.compile(a, Instant.EPOCH, null);
    List<String> defaults = DefaultRules.ALL.stream().map(RuleConfig::name).filter(n -> !n.equals("host-cpu")).toList();
    assertThat(rules).extracting(Rule::name).startsWith(defaults.toArray(String[]::new)).endsWith("ready", "host-cpu")
        .hasSize(DefaultRules.ALL.size() + 1);
    Rule hostCpu = rules.stream().filter(r -> r.name().equals("host-cpu")).findFirst().orElseThrow();
    assertThat(hostCpu.builtIn()).isFalse();
    assertThat(hostCpu.condition().describe()).isEqualTo("cpu.usage above 75 percent");
    assertThat(hostCpu.condition().threshold()).isEqualTo(new Condition.Threshold("cpu.usage", Metric.PERCENT, 75, true));
    assertThat(rules.stream().filter(Rule::builtIn)).allSatisfy(r -> assertThat(r.config().line()).isZero());

    AlertsConfig none = ConfigLoader.parse(YAML + "  defaultRules: false\n", "vscope.yml", dir).alerts();
    assertThat(RuleBook.compile(none, Instant.EPOCH, null)).extracting(Rule::name).containsExactly("ready", "host-cpu");
  }

  /** The alerts block of packaging/vscope.example.yml is valid as documented (its password file replaced by a password). */
  @Test
  void theExampleConfigurationsAlertsAreValid() throws Exception {
    String example = java.nio.file.Files.readString(Path.of("packaging/vscope.example.yml"));
    String alerts = example.substring(example.indexOf("\nalerts:\n") + 1).replace("passwordFile: /etc/vscope/smtp.password", "password: x");
    String vcenters = """
        vcenters:
          - {name: prod, url: "https://vc1.example.com/sdk", username: u, password: p}
          - {name: lab, url: "https://vc2.example.com/sdk", username: u, password: p}
        """;
    AlertsConfig a = ConfigLoader.parse(vcenters + alerts, "vscope.example.yml", dir).alerts();
    assertThat(a.rules()).extracting(RuleConfig::name).containsExactly("prod-vm-cpu-ready", "prod-tools", "lab-down");
    assertThat(a.email()).hasSize(1);
    assertThat(a.webhooks()).hasSize(1);
    RuleBook.check(a);
    assertThat(a.rules().get(1).health()).isEqualTo("vmTools");
  }

  @Test
  void everyDefaultRuleCompiles() {
    List<Rule> rules = RuleBook.compile(AlertsConfig.defaults(), Instant.EPOCH, null);
    assertThat(rules).hasSize(DefaultRules.ALL.size()).allMatch(Rule::builtIn);
    assertThat(rules).filteredOn(r -> r.config().collection() != null).extracting(Rule::name)
        .containsExactly("vcenter-unreachable", "collection-stale", "store-failing");
    assertThat(rules.stream().filter(r -> r.name().equals("vcenter-unreachable")).findFirst().orElseThrow().holdFor())
        .isEqualTo(Duration.ofMinutes(5));
  }
}
