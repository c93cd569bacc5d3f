package dev.vscope.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vscope.config.AlertsConfig;
import dev.vscope.config.RuleConfig;
import dev.vscope.config.Severity;
import dev.vscope.testing.TestApp;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Alert rules on vCenter alarms (issue 13), against the alarms the simulator's launcher triggers:
 * a critical rule fires for the red alarms whose name matches, a warning one for the yellow and
 * red ones, each on the entity the alarm is about (not on a datacenter); an alarm cleared through
 * the launcher resolves its alert. Expected entities come from the launcher's model.
 */
class AlarmRulesIT {

  static TestApp app;

  @BeforeAll
  static void start() throws Exception {
    AlertsConfig alerts = new AlertsConfig(false, null, null, null, List.of(
        RuleConfig.alarm("host-red", "Host *", Duration.ZERO, Severity.CRITICAL, null),
        RuleConfig.alarm("any-alarm", "*", Duration.ZERO, Severity.WARNING, null)), null, null, null, "test");
    app = TestApp.startWithAlerts(Clock.systemUTC(), alerts, "-cluster", "1", "-host", "3", "-vm", "6");
    app.alerts().evaluate();
  }

  @AfterAll
  static void stop() throws Exception {
    app.close();
  }

  /** The entities of the model's alarms (by id) with that status (null: any), whose name matches, datacenters left out. */
  static Set<String> modelled(String status, String namePrefix) throws Exception {
    Set<String> out = new HashSet<>();
    for (JsonNode dc : app.simulator().model().path("datacenters")) {
      for (JsonNode a : dc.path("alarms")) {
        if (!a.path("entityType").asText().equals("Datacenter") && (status == null || a.path("status").asText().equals(status))
            && a.path("alarmName").asText().startsWith(namePrefix)) {
          out.add("sim:" + a.path("entity").asText());
        }
      }
    }
    return out;
  }

  static Set<String> firing(String rule) throws Exception {
    Set<String> out = new HashSet<>();
    for (JsonNode a : app.getJson("/api/v1/alerts?state=firing")) {
      if (a.path("rule").asText().equals(rule)) {
        out.add(a.path("target").path("id").asText());
      }
    }
    return out;
  }

  @Test
  void alarmsFireByNameAndColourAndResolveWhenCleared() throws Exception {
    Set<String> red = modelled("red", "Host ");
    assertThat(red).as("the launcher's red host alarm").isNotEmpty();
    assertThat(modelled("yellow", "Host ")).as("and a yellow one, which the critical rule leaves out").isNotEmpty();
    assertThat(firing("host-red")).isEqualTo(red);
    assertThat(firing("any-alarm")).isEqualTo(modelled(null, "")).hasSizeGreaterThan(red.size());
    JsonNode rule = app.getJson("/api/v1/rules").get(0);
    assertThat(rule.path("condition").asText()).isEqualTo("vCenter alarm Host * red");

    // cleared in vCenter: the alert resolves at the next cycle
    JsonNode alarm = null;
    for (JsonNode a : app.simulator().model().path("datacenters").get(0).path("alarms")) {
      if (a.path("status").asText().equals("red") && a.path("alarmName").asText().startsWith("Host ")) {
        alarm = a;
      }
    }
    assertThat(alarm).isNotNull();
    app.simulator().control("{\"alarm\": {\"action\": \"clear\", \"entity\": \"" + alarm.path("entity").asText() + "\", \"alarm\": \""
        + alarm.path("alarm").asText() + "\"}}");
    assertThat(app.collectNow()).isTrue();
    app.alerts().evaluate();
    assertThat(firing("host-red")).isEqualTo(modelled("red", "Host ")).doesNotContain("sim:" + alarm.path("entity").asText());
    assertThat(app.getJson("/api/v1/alerts?state=resolved").findValuesAsText("id"))
        .contains("sim:" + alarm.path("entity").asText());
  }
}
