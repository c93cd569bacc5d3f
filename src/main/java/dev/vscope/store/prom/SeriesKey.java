package dev.vscope.store.prom;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One vscope series, and how it is named in the engine: every (entity, metric) is one Prometheus
 * series {@value #METRIC_NAME}{@code {entity="demo:vm-42", metric="net.rx[vmnic0]",
 * vcenter="demo"}}.
 *
 * <p>vscope's metric names (dots, instance suffixes in brackets) are not valid Prometheus metric
 * names, and turning them into names ({@code net_rx_vmnic0}) would lose the distinction between
 * the metric and its instance and could make two names collide. Keeping them verbatim in a label
 * loses nothing, and one fixed metric name makes every vscope series easy to find in the engine.
 */
record SeriesKey(String entity, String metric) {

  /** The Prometheus metric name ({@code __name__}) of every series vscope writes. */
  static final String METRIC_NAME = "vscope_history";

  static final String ENTITY_LABEL = "entity";
  static final String METRIC_LABEL = "metric";
  static final String VCENTER_LABEL = "vcenter";

  SeriesKey {
    Objects.requireNonNull(entity, "entity");
    Objects.requireNonNull(metric, "metric");
  }

  /** A label, name and value. */
  record Label(String name, String value) {}

  /**
   * The labels of this series, sorted by name as the remote-write specification requires. {@code
   * vcenter} is the part of the entity id before {@code ':'}, and is left out when the id has none
   * (an empty label value means "no such label" in Prometheus).
   */
  List<Label> labels() {
    List<Label> labels = new ArrayList<>(4);
    labels.add(new Label("__name__", METRIC_NAME));
    labels.add(new Label(ENTITY_LABEL, entity));
    labels.add(new Label(METRIC_LABEL, metric));
    String vcenter = vcenter(entity);
    if (!vcenter.isEmpty()) {
      labels.add(new Label(VCENTER_LABEL, vcenter));
    }
    return labels;
  }

  /** The vCenter prefix of an entity id ({@code demo} for {@code demo:vm-42}); empty when none. */
  static String vcenter(String entity) {
    int colon = entity.indexOf(':');
    return colon < 0 ? "" : entity.substring(0, colon);
  }
}
