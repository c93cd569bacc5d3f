package dev.vscope.alert;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The dashboard's addresses that notifications link to, from {@code alerts.externalUrl}: an
 * entity's graphs with the alert's threshold drawn on the metric's chart, the status page for a
 * vCenter or the store, the Alerts page.
 */
public final class Links {

  private final String base;

  public Links(String externalUrl) {
    this.base = externalUrl.endsWith("/") ? externalUrl.substring(0, externalUrl.length() - 1) : externalUrl;
  }

  /** Where to look at what the alert is about. */
  public String of(Alert a) {
    if (!a.target().isEntity()) {
      return base + "/status.html";
    }
    StringBuilder url = new StringBuilder(base).append("/entity.html?id=").append(enc(a.target().id()));
    Condition.Threshold t = a.threshold();
    if (t != null) {
      url.append("&metric=").append(enc(t.metric())).append("&threshold=").append(MetricCondition.format(t.value()));
    }
    return url.append("&range=day").toString();
  }

  public String alertsPage() {
    return base + "/alerts.html";
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
