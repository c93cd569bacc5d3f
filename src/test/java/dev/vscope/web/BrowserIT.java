package dev.vscope.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vscope.testing.TestApp;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.Select;

/**
 * The pages in a real Chromium against a real server, collector and vCenter simulator (two
 * datacenters): they load without console errors (CSP included), switch datacenter, sort, filter,
 * export CSV, draw charts, show hostile names as text and warn about stale data. Also saves the
 * screenshots the README shows ({@code docs/screenshots/}).
 */
class BrowserIT extends ChromiumTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    app = TestApp.start("-dc", "2");
    // A second cycle gives the perf counters a previous sample, so that rates and charts have values.
    app.collectNow();
    browser = BrowserSession.start(app.baseUrl());
  }

  @Test
  void everyPageLoadsWithoutErrors() throws Exception {
    String hostId = firstId("hosts");
    for (String page : List.of("index.html", "clusters.html", "hosts.html", "filer.html", "vms.html", "snapshots.html", "top.html", "health.html",
        "alarms.html", "events.html", "alerts.html", "status.html",
        "entity.html?id=" + TestApp.enc(hostId),
        "pools.html?cluster=" + TestApp.enc(firstId("clusters")))) {
      browser.open(page);
      assertThat(browser.find("body").getDomAttribute("data-state")).as(page).isEqualTo("ok");
      assertThat(browser.find("#topbar .brand").getText()).isEqualTo("vscope");
      assertThat(browser.findAll("#topbar nav a")).extracting(WebElement::getText).containsExactlyElementsOf(NAV_EN);
      assertThat(browser.find("#page-refreshed").getText()).matches("\\d\\d:\\d\\d:\\d\\d[\u202f ][AP]M");
      assertThat(browser.find("#data-collected").getText()).matches("\\d\\d:\\d\\d:\\d\\d[\u202f ][AP]M");
      assertThat(browser.find("#data-age").getText()).matches("\\(\\d+ (sec|min)\\. ago\\)");
      assertThat(browser.findAll("#messages .banner")).as(page + " messages").isEmpty();
      assertThat(browser.severeLogs()).as(page + " console").extracting(LogEntry::getMessage).isEmpty();
    }
  }

  @Test
  void datacenterSelectorSwitchesDataAndIsCarriedByLinks() throws Exception {
    JsonNode dcs = app.getJson("/api/v1/datacenters");
    assertThat(dcs.size()).isEqualTo(2);
    String second = dcs.get(1).path("id").asText();

    browser.open("hosts.html");
    WebElement picker = browser.find(".dc-picker");
    assertThat(picker.isDisplayed()).isTrue();
    List<String> before = columnTexts("name");
    assertThat(before).isNotEmpty();

    int loads = browser.loads();
    new Select(browser.find("#dc-select")).selectByValue(second);
    browser.waitLoaded(loads + 1);

    assertThat(browser.driver().getCurrentUrl()).contains("dc=" + TestApp.enc(second));
    List<String> after = columnTexts("name");
    assertThat(after).isNotEmpty().doesNotContainAnyElementsOf(before);
    List<String> expected = new ArrayList<>();
    app.getJson("/api/v1/hosts?datacenter=" + TestApp.enc(second)).forEach(h -> expected.add(h.path("name").asText()));
    assertThat(after).containsExactlyInAnyOrderElementsOf(expected);
    for (WebElement link : browser.findAll("#topbar nav a")) {
      assertThat(link.getDomAttribute("href")).contains("dc=" + TestApp.enc(second));
    }

    // The choice survives navigation through the header.
    browser.find("#topbar nav a[href^='vms.html']").click();
    browser.waitUntil(d -> d.getCurrentUrl().contains("vms.html"));
    browser.waitLoaded(1);
    assertThat(new Select(browser.find("#dc-select")).getFirstSelectedOption().getDomAttribute("value")).isEqualTo(second);
  }

  @Test
  void headersSortNumericallyBothWaysAndWorkWithTheKeyboard() {
    browser.open("vms.html");
    WebElement th = browser.find("th[data-col='vcpus']");
    assertThat(th.getDomAttribute("aria-sort")).isEqualTo("none");

    th.findElement(By.tagName("button")).click();
    assertThat(th.getDomAttribute("aria-sort")).isEqualTo("descending");
    List<Integer> desc = columnTexts("vcpus").stream().map(Integer::valueOf).toList();
    assertThat(desc).hasSizeGreaterThan(1).isSortedAccordingTo((a, b) -> b - a);

    // Headers are buttons: Enter sorts again, reversed.
    th.findElement(By.tagName("button")).sendKeys(Keys.ENTER);
    assertThat(th.getDomAttribute("aria-sort")).isEqualTo("ascending");
    assertThat(columnTexts("vcpus").stream().map(Integer::valueOf).toList()).isSorted();
    assertThat(browser.find("th[data-col='name']").getDomAttribute("aria-sort")).isEqualTo("none");
    assertThat(browser.driver().getCurrentUrl()).contains("sort=vcpus");
  }

  @Test
  void filterReducesRowsAndCount() {
    browser.open("vms.html");
    int total = columnTexts("name").size();
    assertThat(browser.find(".table-tools .count").getText()).isEqualTo(total + " of " + total + " VMs");

    String host = columnTexts("host").get(0);
    WebElement filter = browser.find(".table-tools input[type='search']");
    assertThat(browser.find("label[for='" + filter.getDomAttribute("id") + "']").getText()).isEqualTo("Filter");
    filter.sendKeys(host);
    browser.waitUntil(d -> columnTexts("name").size() < total);
    List<String> names = columnTexts("name");
    List<String> hosts = columnTexts("host");
    assertThat(names).isNotEmpty();
    for (int i = 0; i < names.size(); i++) {
      assertThat((names.get(i) + " " + hosts.get(i)).toLowerCase(Locale.ROOT)).contains(host.toLowerCase(Locale.ROOT));
    }
    assertThat(browser.find(".table-tools .count").getText()).isEqualTo(names.size() + " of " + total + " VMs");
    assertThat(browser.driver().getCurrentUrl()).contains("q=");

    filter.sendKeys("no-such-vm-anywhere");
    browser.waitUntil(d -> columnTexts("name").isEmpty());
    assertThat(browser.find("table.data tbody td.empty").getText()).contains("No VMs match");
  }

  @Test
  void csvExportHasExactlyTheShownRowsAndColumns() throws Exception {
    browser.open("vms.html");
    int total = columnTexts("name").size();
    browser.find(".table-tools input[type='search']").sendKeys(columnTexts("host").get(0));
    browser.waitUntil(d -> columnTexts("name").size() < total);
    List<String> names = columnTexts("name");
    List<String> hosts = columnTexts("host");

    // Catch the Blob the export hands to the browser, then read it back.
    browser.script("window.__csv = null; const orig = URL.createObjectURL;"
        + "URL.createObjectURL = (b) => { window.__csv = b; return orig.call(URL, b); };");
    browser.find(".table-tools button").click();
    String csv = (String) browser.asyncScript("const done = arguments[arguments.length - 1];"
        + "const wait = () => window.__csv ? window.__csv.text().then(t => done(JSON.stringify(t))) : setTimeout(wait, 50); wait();");
    csv = JSON.readValue(csv, String.class);  // as JSON: the WebDriver transport turns CR LF into LF

    List<String> lines = List.of(csv.split("\r\n"));
    assertThat(csv).endsWith("\r\n");
    assertThat(lines.get(0)).startsWith("Name,Host,Power,VMware Tools Status,VMware Tools Version,Network In (KB/s),Network Out (KB/s)").doesNotContain("Graphs");
    assertThat(lines.subList(1, lines.size())).hasSize(names.size());
    for (int i = 0; i < names.size(); i++) {
      assertThat(lines.get(i + 1)).startsWith(names.get(i) + "," + hosts.get(i) + ",");
    }
  }

  @Test
  void csvQuotesFieldsAndDefusesFormulas() throws Exception {
    browser.open("vms.html");
    // Returned as JSON: the WebDriver transport turns CR LF in a returned string into LF.
    String csv = JSON.readValue((String) browser.asyncScript("const done = arguments[arguments.length - 1];"
        + "import('/js/csv.js').then(m => done(JSON.stringify(m.toCsv(['a', 'b'],"
        + " [['=1+1', 'x,\"y\"'], ['-2', 'two\\nlines'], [null, '@SUM(A1)'], ['\\tTab', '+1'], ['\\rCR', 'plain'], ['\\u2014', 'dash']]))));"),
        String.class);
    assertThat(csv).isEqualTo("a,b\r\n"
        + "'=1+1,\"x,\"\"y\"\"\"\r\n"
        + "'-2,\"two\nlines\"\r\n"
        + ",'@SUM(A1)\r\n"
        + "'\tTab,'+1\r\n"
        + "\"'\rCR\",plain\r\n"
        + ",dash\r\n");
  }

  @Test
  void detailPageDrawsOneChartPerMetricAndKeepsTheRangeInTheUrl() throws Exception {
    String hostId = firstId("hosts");
    JsonNode entity = app.getJson("/api/v1/entities/" + TestApp.enc(hostId));
    int metrics = entity.path("metrics").size();
    assertThat(metrics).isPositive();

    browser.open("entity.html?id=" + TestApp.enc(hostId));
    assertThat(browser.find("#entity-title").getText()).startsWith(entity.path("name").asText());
    assertThat(browser.findAll("#charts .chart")).hasSize(metrics);
    assertThat(browser.findAll("#charts .chart canvas")).hasSize(metrics);
    assertThat(browser.findAll("#entity-props tr")).isNotEmpty();
    assertThat(browser.find("#ranges button[data-range='day']").getDomAttribute("aria-pressed")).isEqualTo("true");

    browser.script("window.__samePage = true;");
    browser.find("#ranges button[data-range='week']").click();
    browser.waitUntil(d -> "true".equals(browser.find("#ranges button[data-range='week']").getDomAttribute("aria-pressed")));
    assertThat(browser.driver().getCurrentUrl()).contains("range=week");
    assertThat(browser.script("return window.__samePage === true;")).as("changed in place, not reloaded").isEqualTo(true);
    browser.driver().navigate().refresh();
    browser.waitLoaded(1);
    assertThat(browser.find("#ranges button[data-range='week']").getDomAttribute("aria-pressed")).isEqualTo("true");
    assertThat(browser.findAll("#charts .chart canvas")).hasSize(metrics);
  }

  @Test
  void topPageRanksAsTheApiAndAsksInPlace() throws Exception {
    String dc = firstId("datacenters");
    browser.open("top.html?metric=cpu.usage&range=hour&limit=10&dc=" + TestApp.enc(dc));
    // the same question as the page's: answered from the same snapshots, so the same ranking
    JsonNode expected = app.getJson("/api/v1/top?type=vm&metric=cpu.usage&range=hour&limit=10&scope=" + TestApp.enc(dc));
    assertThat(expected.size()).isGreaterThan(1);
    List<String> names = new ArrayList<>();
    expected.forEach(r -> names.add(r.path("name").asText()));
    assertThat(columnTexts("name")).containsExactlyElementsOf(names);
    assertThat(columnTexts("rank")).first().isEqualTo("1");
    WebElement first = browser.find("table.data tbody td[data-col='name'] a");
    assertThat(first.getDomAttribute("href")).contains("entity.html?id=" + TestApp.enc(expected.get(0).path("entity").asText())).contains("range=hour");

    browser.script("window.__samePage = true;");
    int loads = browser.loads();
    new Select(browser.find("#q-type")).selectByValue("host");
    browser.waitLoaded(loads + 1);
    assertThat(browser.driver().getCurrentUrl()).contains("type=host").contains("metric=cpu.usage");
    JsonNode hosts = app.getJson("/api/v1/top?type=host&metric=cpu.usage&range=hour&limit=10&scope=" + TestApp.enc(dc));
    List<String> hostNames = new ArrayList<>();
    hosts.forEach(r -> hostNames.add(r.path("name").asText()));
    assertThat(columnTexts("name")).isNotEmpty().containsExactlyElementsOf(hostNames);
    assertThat(browser.script("return window.__samePage === true;")).as("asked in place, not reloaded").isEqualTo(true);

    // a host's page links to the ranking of its VMs, over the range it shows
    String hostId = firstId("hosts");
    browser.open("entity.html?range=week&id=" + TestApp.enc(hostId));
    browser.find("#entity-crumbs a.top-link").click();
    browser.waitUntil(d -> d.getCurrentUrl().contains("top.html"));
    browser.waitLoaded(1);
    assertThat(browser.driver().getCurrentUrl()).contains("scope=" + TestApp.enc(hostId)).contains("range=week");
    JsonNode onHost = app.getJson("/api/v1/top?type=vm&metric=cpu.ready&range=week&limit=20&scope=" + TestApp.enc(hostId));
    List<String> onHostNames = new ArrayList<>();
    onHost.forEach(r -> onHostNames.add(r.path("name").asText()));
    assertThat(columnTexts("name")).isNotEmpty().containsExactlyElementsOf(onHostNames);
    assertThat(browser.find("#question .scope").getText()).contains(app.getJson("/api/v1/entities?id=" + TestApp.enc(hostId)).path("name").asText());
    assertThat(browser.severeLogs()).extracting(LogEntry::getMessage).isEmpty();
  }

  @Test
  void hostileVmNameIsShownAsText() throws Exception {
    JsonNode vm = app.getJson("/api/v1/vms?datacenter=" + TestApp.enc(firstId("datacenters"))).get(0);
    String id = vm.path("id").asText();
    String moid = id.substring(id.indexOf(':') + 1);
    String original = vm.path("name").asText();
    String hostile = "<img src=x onerror=alert(1)>";
    app.simulator().control(JSON.writeValueAsString(Map.of("renameVm", Map.of("moid", moid, "name", hostile))));
    try {
      app.collectNow();
      browser.open("vms.html");
      assertThat(columnTexts("name")).contains(hostile);
      assertThat(browser.findAll("img")).isEmpty();
      assertNoAlert();

      browser.open("entity.html?id=" + TestApp.enc(id));
      assertThat(browser.find("#entity-title").getText()).startsWith(hostile);
      assertThat(browser.driver().getTitle()).startsWith(hostile);
      assertThat(browser.findAll("img")).isEmpty();
      assertNoAlert();
    } finally {
      app.simulator().control(JSON.writeValueAsString(Map.of("renameVm", Map.of("moid", moid, "name", original))));
      app.collectNow();
    }
  }

  @Test
  void refreshUpdatesRowsInPlaceKeepingSortFilterAndScroll() throws Exception {
    browser.open("vms.html");
    browser.find("th[data-col='vcpus'] button").click();
    String host = columnTexts("host").get(0);
    WebElement filter = browser.find(".table-tools input[type='search']");
    filter.sendKeys(host);
    browser.waitUntil(d -> columnTexts("host").stream().allMatch(host::equalsIgnoreCase));
    WebElement row = browser.find("table.data tbody tr");
    String id = row.getDomAttribute("data-key");
    String moid = id.substring(id.indexOf(':') + 1);
    String original = row.findElement(By.cssSelector("td[data-col='name']")).getText();
    String count = browser.find(".table-tools .count").getText();
    browser.script("document.querySelector('.table-wrap').scrollLeft = 150; window.__samePage = true;");
    long scrollLeft = (Long) browser.script("return Math.round(document.querySelector('.table-wrap').scrollLeft);");
    assertThat(scrollLeft).as("the VM table is wider than 1280 px and scrolls").isPositive();

    String renamed = "renamed-in-place";
    app.simulator().control(JSON.writeValueAsString(Map.of("renameVm", Map.of("moid", moid, "name", renamed))));
    try {
      assertThat(app.collectNow()).isTrue();
      int loads = browser.loads();
      browser.find("#refresh-now").click();
      browser.waitLoaded(loads + 1);

      assertThat(columnTexts("name")).contains(renamed).doesNotContain(original);
      assertThat(browser.script("return window.__samePage === true;")).as("refreshed in place").isEqualTo(true);
      assertThat(browser.find("th[data-col='vcpus']").getDomAttribute("aria-sort")).isEqualTo("descending");
      assertThat(browser.find(".table-tools input[type='search']").getDomProperty("value")).isEqualTo(host);
      assertThat(browser.find(".table-tools .count").getText()).isEqualTo(count);
      assertThat(browser.script("return Math.round(document.querySelector('.table-wrap').scrollLeft);")).isEqualTo(scrollLeft);
    } finally {
      app.simulator().control(JSON.writeValueAsString(Map.of("renameVm", Map.of("moid", moid, "name", original))));
      app.collectNow();
    }
  }

  @Test
  void apiErrorsAppearInTheMessageArea() {
    browser.open("entity.html?id=" + TestApp.enc("demo:vm-does-not-exist"));
    assertThat(browser.find("body").getDomAttribute("data-state")).isEqualTo("error");
    assertThat(browser.find("#messages .banner").getText()).contains("Could not load").contains("not found");
    // The 404 itself is logged by Chromium as a failed resource; nothing else may be.
    assertThat(browser.severeLogs()).extracting(LogEntry::getMessage).allMatch(m -> m.contains("status of 404"));
  }

  @Test
  void staleDataBannerAppearsWhenCollectionFails() throws Exception {
    app.simulator().control("{\"down\": true}");
    try {
      assertThat(app.collectNow()).as("cycle against a simulator that is down").isFalse();
      browser.open("index.html");
      WebElement banner = browser.waitUntil(d -> browser.findAll("#freshness-banner").stream().findFirst().orElse(null));
      assertThat(banner.isDisplayed()).isTrue();
      assertThat(banner.getDomAttribute("class")).contains("crit");
      assertThat(banner.getText()).contains("failing").contains("Last error");
      // The host cards stay: old numbers with a warning beat an empty page.
      assertThat(browser.findAll("#host-cards .card")).isNotEmpty();
    } finally {
      app.simulator().control("{\"down\": false}");
      assertThat(app.collectNow()).as("cycle after the simulator is back").isTrue();
    }
    browser.open("index.html");
    assertThat(browser.findAll("#freshness-banner")).isEmpty();
  }

  @Test
  void withLoginAPageSendsToTheLoginPageAndComesBackAfterIt() throws Exception {
    try (TestApp secured = TestApp.startWithLogin(Clock.systemUTC())) {
      browser.driver().get(secured.baseUrl() + "/vms.html?sort=-vcpus");
      browser.waitUntil(d -> d.getCurrentUrl().contains("/login.html?next="));
      String next = browser.driver().getCurrentUrl().replaceFirst(".*[?&]next=([^&]*).*", "$1");
      assertThat(URLDecoder.decode(next, StandardCharsets.UTF_8)).isEqualTo("/vms.html?sort=-vcpus");

      browser.find("#username").sendKeys(secured.simulator().username());
      browser.find("#password").sendKeys(secured.simulator().password());
      browser.find("#submit").click();
      browser.waitUntil(d -> d.getCurrentUrl().contains("/vms.html?sort=-vcpus"));
      browser.waitLoaded(1);
      assertThat(browser.find("body").getDomAttribute("data-state")).isEqualTo("ok");
      assertThat(columnTexts("name")).isNotEmpty();
      assertThat(browser.find("th[data-col='vcpus']").getDomAttribute("aria-sort")).isEqualTo("descending");
      assertThat(browser.find("#session-user").getText()).isEqualTo(secured.simulator().username());

      browser.find("#logout").click();
      browser.waitUntil(d -> d.getCurrentUrl().contains("/login.html"));
      browser.driver().get(secured.baseUrl() + "/hosts.html");
      browser.waitUntil(d -> d.getCurrentUrl().contains("/login.html?next="));
      // The login page's modules are loaded once its language switch is there: only then may the server stop.
      browser.waitUntil(d -> !browser.findAll("#lang-select").isEmpty());
    }
    // Chromium logs each 401 answer as a failed resource: a page asks whether a session is open
    // (a 200 either way) and goes to the login form, sending nothing that gets a 401 (issue 15).
    assertThat(browser.severeLogs()).extracting(LogEntry::getMessage).isEmpty();
  }

  /**
   * An id holding a "/" (govmomi's datastores named by path) opens its page over HTTPS, whose
   * server refuses an encoded slash in a path: the page asks for the entity by query (issue 15).
   */
  @Test
  void aDatastoreWhoseIdHoldsASlashHasItsPage() throws Exception {
    try (TestApp secured = TestApp.startWithLogin(Clock.systemUTC(), "-datastore-paths")) {
      JsonNode datastore = secured.simulator().model().path("datacenters").get(0).path("datastores").get(0);
      String id = "sim:" + datastore.path("moid").asText();
      assertThat(id).contains("/");
      browser.driver().get(secured.baseUrl() + "/entity.html?id=" + TestApp.enc(id));
      browser.waitUntil(d -> d.getCurrentUrl().contains("/login.html?next="));
      browser.find("#username").sendKeys(secured.simulator().username());
      browser.find("#password").sendKeys(secured.simulator().password());
      browser.find("#submit").click();
      browser.waitUntil(d -> d.getCurrentUrl().contains("/entity.html"));
      browser.waitLoaded(1);
      assertThat(browser.find("#entity-title").getText()).startsWith(datastore.path("name").asText());
      assertThat(browser.findAll("#entity-props tr")).isNotEmpty();
      assertThat(browser.severeLogs()).extracting(LogEntry::getMessage).isEmpty();
    }
  }

  /** Issue 16: tabs and newlines in `next` are dropped by the URL parser, which made `/\t/evil.example` protocol-relative. */
  @Test
  void afterLoginNextIsFollowedOnlyToAPathOfThisSite() throws Exception {
    try (TestApp secured = TestApp.startWithLogin(Clock.systemUTC())) {
      for (String next : List.of("/%09/evil.example/x", "/%0a/evil.example/", "/%0d/evil.example/", "/%5c/evil.example/", "//evil.example/",
          "/vms.html?sort=name")) {
        browser.driver().get(secured.baseUrl() + "/login.html?next=" + next);
        browser.find("#username").sendKeys(secured.simulator().username());
        browser.find("#password").sendKeys(secured.simulator().password());
        browser.find("#submit").click();
        browser.waitUntil(d -> !d.getCurrentUrl().contains("/login.html"));
        assertThat(browser.driver().getCurrentUrl()).as(next).startsWith(secured.baseUrl() + "/");
      }
      assertThat(browser.driver().getCurrentUrl()).isEqualTo(secured.baseUrl() + "/vms.html?sort=name");
      browser.waitLoaded(1);
      browser.find("#logout").click();
      browser.waitUntil(d -> d.getCurrentUrl().contains("/login.html"));
    }
    assertThat(browser.severeLogs()).extracting(LogEntry::getMessage).allMatch(m -> m.contains("status of 401"));
  }

  @Test
  void aRestrictedUserSeesOnlyTheirPartOnThePages() throws Exception {
    try (TestApp secured = TestApp.startWithLogin(Clock.systemUTC(), "-dc", "2", "-cluster", "1", "-host", "2", "-vm", "2")) {
      JsonNode model = secured.simulator().model();
      JsonNode dc1 = model.path("datacenters").get(1);
      String host = dc1.path("hosts").get(0).path("moid").asText();
      String datastore = dc1.path("datastores").get(0).path("moid").asText();
      secured.simulator().control(new ObjectMapper().writeValueAsString(Map.of("users", List.of(
          Map.of("username", "bob", "password", "bob-pass", "see", List.of(host, datastore))))));
      List<String> expectedVms = new ArrayList<>();
      for (JsonNode dc : secured.simulator().model("bob").path("datacenters")) {
        dc.path("vms").forEach(v -> expectedVms.add(v.path("name").asText()));
      }
      assertThat(expectedVms).isNotEmpty();

      browser.driver().get(secured.baseUrl() + "/vms.html");
      browser.waitUntil(d -> d.getCurrentUrl().contains("/login.html?next="));
      browser.find("#username").sendKeys("bob");
      browser.find("#password").sendKeys("bob-pass");
      browser.find("#submit").click();
      browser.waitUntil(d -> d.getCurrentUrl().contains("/vms.html"));
      browser.waitLoaded(1);
      assertThat(columnTexts("name")).containsExactlyInAnyOrderElementsOf(expectedVms);
      // one datacenter visible: no selector to other ones
      assertThat(browser.findAll("#dc-select option").size()).isLessThanOrEqualTo(1);

      browser.driver().get(secured.baseUrl() + "/filer.html");
      browser.waitLoaded(1);
      assertThat(columnTexts("name")).containsExactly(dc1.path("datastores").get(0).path("name").asText());
      browser.find("#logout").click();
      browser.waitUntil(d -> d.getCurrentUrl().contains("/login.html"));
    }
    assertThat(browser.severeLogs()).extracting(LogEntry::getMessage).allMatch(m -> m.contains("status of 401"));
  }

  @Test
  void screenshotsForTheReadme() throws Exception {
    Path dir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "docs", "screenshots");
    browser.open("index.html");
    browser.screenshot(dir.resolve("overview.png"));
    browser.open("clusters.html");
    browser.screenshot(dir.resolve("clusters.png"));
    browser.open("pools.html?cluster=" + TestApp.enc(firstId("clusters")));
    browser.screenshot(dir.resolve("pools.png"));
    browser.open("hosts.html");
    browser.screenshot(dir.resolve("hosts.png"));
    browser.open("filer.html");
    browser.screenshot(dir.resolve("filer.png"));
    browser.open("vms.html");
    browser.screenshot(dir.resolve("vms.png"));
    browser.open("snapshots.html");
    browser.screenshot(dir.resolve("snapshots.png"));
    browser.open("alarms.html");
    browser.screenshot(dir.resolve("alarms.png"));
    browser.open("top.html?metric=cpu.ready&range=hour");
    browser.screenshot(dir.resolve("top.png"));
    browser.open("health.html");
    browser.screenshot(dir.resolve("health.png"));
    browser.open("entity.html?range=hour&id=" + TestApp.enc(firstId("hosts")));
    browser.screenshot(dir.resolve("detail.png"));
    assertThat(dir.resolve("detail.png")).isNotEmptyFile();
  }

  // ---------- helpers ----------

  /** The texts of one column of the shown table, top to bottom. */
  private static List<String> columnTexts(String column) {
    return browser.findAll("table.data tbody td[data-col='" + column + "']").stream().map(WebElement::getText).toList();
  }

  private static void assertNoAlert() {
    assertThatThrownBy(() -> browser.driver().switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
  }

  /** The id of the first item of a list endpoint; entities come from the first datacenter. */
  private static String firstId(String what) throws IOException, InterruptedException {
    if (what.equals("datacenters")) {
      return app.getJson("/api/v1/datacenters").get(0).path("id").asText();
    }
    return app.getJson("/api/v1/" + what + "?datacenter=" + TestApp.enc(firstId("datacenters"))).get(0).path("id").asText();
  }
}
