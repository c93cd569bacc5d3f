package dev.vscope.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vscope.testing.MutableClock;
import dev.vscope.testing.SpaceHistory;
import dev.vscope.testing.TestApp;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Days until full and overcommit in {@code GET /api/v1/datastores}, on a real server whose
 * embedded store holds a month of synthetic space history ({@link SpaceHistory}): one datastore's
 * used space grows on a straight line the test chose, then vCenter's clock jumps to the end of that
 * month and a cycle runs. The
 * expected days are the model's free space over the line's growth, and a least-squares fit the test
 * makes itself of the month of points that {@code series} returns; a datastore with no history in
 * the month, and those whose month the test made flat, falling or cleaned up three days ago, have
 * no number and say why.
 */
class DatastoreCapacityIT {

  static final HttpClient http = HttpClient.newHttpClient();
  static final ObjectMapper json = new ObjectMapper();
  static final long DAY = 86_400;
  static final MutableClock clock = new MutableClock(Instant.now());
  static TestApp app;
  static JsonNode growing;
  static JsonNode idle;
  static JsonNode falling;
  static JsonNode cleanedUp;
  static JsonNode flat;
  /** The line's growth, in bytes per day. */
  static double growth;

  @BeforeAll
  static void start() throws Exception {
    app = TestApp.start(clock, "-dc", "1", "-cluster", "1", "-host", "2", "-standalone-host", "0", "-vm", "2", "-ds", "6");
    JsonNode dc = app.simulator().model().path("datacenters").get(0);
    growing = dc.path("datastores").get(0);
    idle = dc.path("datastores").get(1);
    // the third is inaccessible; the others are left enough free space for their lines
    falling = dc.path("datastores").get(3);
    cleanedUp = dc.path("datastores").get(4);
    flat = dc.path("datastores").get(5);
    long capacity = growing.path("capacityBytes").asLong();
    long free = growing.path("freeBytes").asLong();
    assertThat(capacity).isPositive();
    assertThat(free).isPositive();
    growth = free / 45.0; // the free space lasts 45 days at this pace

    SpaceHistory.month(app, clock, Map.of(
        "sim:" + growing.path("moid").asText(), new SpaceHistory.Line(capacity, day -> 0.05 * capacity + growth * day),
        "sim:" + falling.path("moid").asText(), SpaceHistory.falling(falling.path("capacityBytes").asLong(), falling.path("freeBytes").asLong()),
        "sim:" + cleanedUp.path("moid").asText(), SpaceHistory.recentDrop(cleanedUp.path("capacityBytes").asLong(), cleanedUp.path("freeBytes").asLong()),
        "sim:" + flat.path("moid").asText(), SpaceHistory.flat(flat.path("capacityBytes").asLong(), flat.path("freeBytes").asLong())));
    assertThat(app.collectNow()).isTrue();
  }

  @AfterAll
  static void stop() throws Exception {
    app.close();
  }

  static JsonNode row(JsonNode datastore) throws Exception {
    for (JsonNode d : app.getJson("/api/v1/datastores")) {
      if (d.path("id").asText().equals("sim:" + datastore.path("moid").asText())) {
        return d;
      }
    }
    throw new AssertionError("no row for " + datastore);
  }

  /** The least-squares growth per day of used space (capacity − free) over the month that {@code series} returns. */
  static double fittedGrowthPerDay(String id) throws Exception {
    String entity = URLEncoder.encode(id, StandardCharsets.UTF_8);
    JsonNode capacity = app.getJson("/api/v1/series?entity=" + entity + "&metric=space.capacity&range=month").path("points");
    JsonNode free = app.getJson("/api/v1/series?entity=" + entity + "&metric=space.free&range=month").path("points");
    List<double[]> points = new ArrayList<>();
    for (int i = 0; i < capacity.size(); i++) {
      if (!capacity.get(i).get(1).isNull() && !free.get(i).get(1).isNull()) {
        points.add(new double[] {capacity.get(i).get(0).asDouble() / DAY, capacity.get(i).get(1).asDouble() - free.get(i).get(1).asDouble()});
      }
    }
    assertThat(points).as("a month of 2-hour points").hasSize(360);
    double n = points.size();
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    for (double[] p : points) {
      double x = p[0] - points.get(0)[0];
      sx += x;
      sy += p[1];
      sxx += x * x;
      sxy += x * p[1];
    }
    return (n * sxy - sx * sy) / (n * sxx - sx * sx);
  }

  @Test
  void aGrowingDatastoreFillsUpWhenItsFreeSpaceIsUsedAtTheFittedPace() throws Exception {
    JsonNode row = row(growing);
    double free = growing.path("freeBytes").asDouble();
    assertThat(row.path("daysUntilFull").isNumber()).as(row.toString()).isTrue();
    assertThat(row.path("daysUntilFullReason").isNull()).isTrue();
    // the line the test wrote: the free space lasts 45 days
    assertThat(row.path("daysUntilFull").asDouble()).isCloseTo(45.0, within(0.1));
    // and the test's own fit of the month the store returns
    assertThat(row.path("daysUntilFull").asDouble()).isCloseTo(free / fittedGrowthPerDay(row.path("id").asText()), within(0.06));
  }

  @Test
  void aDatastoreWithoutAWeekOfHistorySaysSo() throws Exception {
    JsonNode row = row(idle);
    assertThat(row.path("daysUntilFull").isNull()).as(row.toString()).isTrue();
    assertThat(row.path("daysUntilFullReason").asText()).isEqualTo("short_history");
  }

  @Test
  void aMonthWithoutGrowthOrAfterACleanupHasNoNumberAndSaysWhy() throws Exception {
    // the cleanup must be one by SpaceTrend's measure: over 5 % of the capacity
    assertThat(cleanedUp.path("freeBytes").asDouble() / 2).isGreaterThan(0.05 * cleanedUp.path("capacityBytes").asDouble());
    for (var expected : Map.of(flat, "flat", falling, "falling", cleanedUp, "recent_drop").entrySet()) {
      JsonNode row = row(expected.getKey());
      assertThat(row.path("daysUntilFull").isNull()).as(row.toString()).isTrue();
      assertThat(row.path("daysUntilFullReason").asText()).as(row.path("name").asText()).isEqualTo(expected.getValue());
    }
  }

  @Test
  void overcommitIsProvisionedOverCapacity() throws Exception {
    for (JsonNode d : List.of(growing, idle)) {
      double capacity = d.path("capacityBytes").asDouble();
      double provisioned = capacity - d.path("freeBytes").asDouble() + d.path("uncommittedBytes").asDouble();
      assertThat(row(d).path("overcommitPercent").asDouble()).isCloseTo(100 * provisioned / capacity, within(0.05));
    }
  }
}
