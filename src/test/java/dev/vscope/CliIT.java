package dev.vscope;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vscope.sim.Simulator;
import dev.vscope.testing.Sims;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar's commands, run as a user runs them: exit codes, stdout, stderr. */
class CliIT {

  static Simulator sim;
  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    sim = Sims.start("-cluster", "1", "-host", "2", "-vm", "2");
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  record Result(int exit, String out, String err) {}

  Result run(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        System.getProperty("vscope.jar", "target/vscope.jar")));
    cmd.addAll(List.of(args));
    Path out = dir.resolve("out");
    Path err = dir.resolve("err");
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }

  Path config(String url, String password, String thumbprint) throws IOException {
    Path f = dir.resolve("vscope.yml");
    Files.writeString(f, """
        vcenters:
          - name: sim
            url: %s
            username: %s
            password: %s
            thumbprint: "%s"
        """.formatted(url, sim.username(), password, thumbprint));
    return f;
  }

  @Test
  void inventoryPrintsTheSimulatorsInventory() throws Exception {
    Result r = run("inventory", "--config", config(sim.url().toString(), sim.password(), sim.thumbprint()).toString());
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode inv = new ObjectMapper().readTree(r.out());
    JsonNode dc = inv.path("vcenters").get(0).path("datacenters").get(0);
    JsonNode model = sim.model().path("datacenters").get(0);
    assertThat(inv.path("vcenters").get(0).path("name").asText()).isEqualTo("sim");
    assertThat(dc.path("vms").size()).isEqualTo(model.path("vms").size());
    assertThat(dc.path("hosts").size()).isEqualTo(model.path("hosts").size());
    JsonNode vm = dc.path("vms").get(0);
    for (String field : List.of("id", "name", "host", "powerState", "toolsRunningStatus", "toolsVersionStatus", "numCpu", "memoryMB",
        "committedBytes", "ftState")) {
      assertThat(vm.has(field)).as(field).isTrue();
    }
    JsonNode host = dc.path("hosts").get(0);
    for (String field : List.of("id", "name", "cluster", "cores", "threads", "vms", "vcpus", "cpuUsagePercent", "memUsagePercent", "nics")) {
      assertThat(host.has(field)).as(field).isTrue();
    }
    assertThat(r.out()).doesNotContain(sim.password());
  }

  @Test
  void wrongPasswordIsOneLineAndNonZero() throws Exception {
    Result r = run("inventory", "--config", config(sim.url().toString(), "nope-nope", sim.thumbprint()).toString());
    assertThat(r.exit()).isNotZero();
    assertThat(r.err().strip().lines().filter(l -> l.startsWith("vscope:")).toList()).hasSize(1);
    assertThat(r.err()).contains("login refused").doesNotContain("nope-nope").doesNotContain("\tat ");
  }

  @Test
  void unreachableAndWrongThumbprintAreClearErrors() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Result down = run("inventory", "--config", config("https://127.0.0.1:" + port + "/sdk", sim.password(), sim.thumbprint()).toString());
    assertThat(down.exit()).isNotZero();
    assertThat(down.err()).contains("127.0.0.1:" + port).doesNotContain("\tat ");
    Result pin = run("inventory", "--config", config(sim.url().toString(), sim.password(), "AB:".repeat(31) + "AB").toString());
    assertThat(pin.exit()).isNotZero();
    assertThat(pin.err()).contains("thumbprint").doesNotContain("\tat ");
  }

  @Test
  void badConfigNamesTheKey() throws Exception {
    Path f = dir.resolve("bad.yml");
    Files.writeString(f, "collector:\n  intervall: 60s\n");
    Result r = run("check-config", "--config", f.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("intervall");
  }

  @Test
  void checkConfigTestsTheLogin() throws Exception {
    Result ok = run("check-config", "--config", config(sim.url().toString(), sim.password(), sim.thumbprint()).toString());
    assertThat(ok.exit()).as(ok.err()).isZero();
    assertThat(ok.out()).contains("sim: login ok");
    Result bad = run("check-config", "--config", config(sim.url().toString(), "wrong-pass", sim.thumbprint()).toString());
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.out()).contains("login refused");
  }

  /**
   * Alert rules are checked with the line of the rule: a metric vscope does not keep (by the
   * configuration check, and by a start), and, by check-config against vCenter, a scope naming a
   * cluster no vCenter holds. The simulator's cluster names come from its model.
   */
  @Test
  void checkConfigRefusesAnAlertRuleNamingAnUnknownMetricOrPlaceWithItsLine() throws Exception {
    String cluster = sim.model().path("datacenters").get(0).path("clusters").get(0).path("name").asText();
    Path base = config(sim.url().toString(), sim.password(), sim.thumbprint());
    String rules = """
        storage:
          path: %s
        alerts:
          rules:
            - name: ready
              type: vm
              metric: %s
              above: 10
              scope:
                clusters: ["%s"]
                exclude:
                  vms: ["*-nothing-like-this"]
        """;
    Path f = dir.resolve("alerts.yml");
    String head = Files.readString(base);
    int ruleLine = (int) (head + rules).lines().takeWhile(l -> !l.contains("- name: ready")).count() + 1;

    Files.writeString(f, head + rules.formatted(dir.resolve("data"), "cpu.redy", cluster));
    Result metric = run("check-config", "--config", f.toString());
    assertThat(metric.exit()).isEqualTo(2);
    assertThat(metric.err()).startsWith("vscope: " + f + ":" + ruleLine + ": alerts.rules[0] (ready): unknown metric 'cpu.redy' for vms");
    Result start = run("--config", f.toString());
    assertThat(start.exit()).as("a start refuses it too").isEqualTo(2);
    assertThat(start.err()).contains(f + ":" + ruleLine + ": alerts.rules[0] (ready): unknown metric 'cpu.redy'").doesNotContain("\tat ");

    Files.writeString(f, head + rules.formatted(dir.resolve("data"), "cpu.ready", "no-such-cluster"));
    Result place = run("check-config", "--config", f.toString());
    assertThat(place.exit()).isEqualTo(2);
    assertThat(place.out()).contains("sim: login ok");
    assertThat(place.err()).contains("vscope: " + f + ":" + ruleLine + ": alerts.rules[0] (ready).scope.clusters: 'no-such-cluster' matches nothing in sim");

    Files.writeString(f, head + rules.formatted(dir.resolve("data"), "cpu.ready", cluster.substring(0, 3) + "*"));
    Result ok = run("check-config", "--config", f.toString());
    assertThat(ok.exit()).as(ok.err()).isZero();
  }
}
