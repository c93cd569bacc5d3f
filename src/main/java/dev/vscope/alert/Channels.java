package dev.vscope.alert;

import dev.vscope.config.AlertmanagerConfig;
import dev.vscope.config.AlertsConfig;
import dev.vscope.config.EmailConfig;
import dev.vscope.config.WebhookConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** The channels of a configuration: mail, then webhooks, then Alertmanagers, each in the file's order. */
public final class Channels {

  private Channels() {}

  public static List<Channel> of(AlertsConfig alerts, Links links, Clock clock) {
    List<Channel> out = new ArrayList<>();
    for (EmailConfig e : alerts.email()) {
      out.add(new EmailChannel(e, alerts.repeatInterval(), links));
    }
    for (WebhookConfig w : alerts.webhooks()) {
      out.add(new WebhookChannel(w, alerts.repeatInterval(), links));
    }
    for (AlertmanagerConfig m : alerts.alertmanagers()) {
      out.add(new AlertmanagerChannel(m, links, clock));
    }
    return out;
  }
}
