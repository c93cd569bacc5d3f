package dev.vscope.vim;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLStreamException;

/**
 * vCenter's PerformanceManager: the counter catalog, the metrics an entity offers, and QueryPerf.
 * QueryPerf asks for the CSV format, which is several times smaller on the wire, and also reads the
 * normal format, which some servers (and the simulator) answer whatever was asked.
 */
public final class PerformanceManager {

  private final SoapTransport transport;
  private final PropertyCollector propertyCollector;
  private final ManagedObjectReference ref;

  PerformanceManager(SoapTransport transport, PropertyCollector propertyCollector, ManagedObjectReference ref) {
    this.transport = transport;
    this.propertyCollector = propertyCollector;
    this.ref = ref;
  }

  /** The catalog by full name ({@code cpu.usage.average}). */
  public Map<String, PerfCounter> counters() {
    ObjectContent oc = propertyCollector.retrieveOne(ref, List.of("perfCounter"));
    Map<String, PerfCounter> byName = new HashMap<>();
    if (oc == null || oc.props().get("perfCounter") == null) {
      return byName;
    }
    for (XmlNode c : oc.props().get("perfCounter").children()) {
      PerfCounter counter =
          new PerfCounter(
              Integer.parseInt(c.childText("key").trim()),
              text(c, "groupInfo.key"),
              text(c, "nameInfo.key"),
              c.childText("rollupType"),
              text(c, "unitInfo.key"),
              c.childText("level") == null ? 0 : Integer.parseInt(c.childText("level").trim()));
      byName.put(counter.fullName(), counter);
    }
    return byName;
  }

  private static String text(XmlNode node, String path) {
    XmlNode n = node.path(path);
    return n == null ? "" : n.text();
  }

  /** The metrics (counter, instance) an entity has at an interval. */
  public List<PerfMetricId> queryAvailable(ManagedObjectReference entity, int intervalId) {
    return transport.call(
        SoapBody.of("QueryAvailablePerfMetric")
            .moRef("_this", ref)
            .moRef("entity", entity)
            .text("intervalId", intervalId),
        r -> {
          List<PerfMetricId> ids = new ArrayList<>();
          while (SafeXml.nextElement(r)) {
            XmlNode n = SafeXml.readNode(r);
            if (n.name().equals("returnval")) {
              ids.add(metricId(n));
            }
          }
          return ids;
        });
  }

  /** Runs one QueryPerf. Entities vCenter has no data for are absent from the answer. */
  public List<PerfEntityMetrics> queryPerf(List<PerfQuerySpec> specs) {
    SoapBody body = SoapBody.of("QueryPerf").moRef("_this", ref);
    for (PerfQuerySpec s : specs) {
      body.open("querySpec").moRef("entity", s.entity());
      if (s.start() != null) {
        body.text("startTime", s.start().toString());
      }
      if (s.end() != null) {
        body.text("endTime", s.end().toString());
      }
      if (s.maxSample() > 0) {
        body.text("maxSample", s.maxSample());
      }
      for (PerfMetricId id : s.metricIds()) {
        body.open("metricId").text("counterId", id.counterId()).text("instance", id.instance()).close("metricId");
      }
      body.text("intervalId", s.intervalId()).text("format", "csv").close("querySpec");
    }
    return transport.call(
        body,
        r -> {
          List<PerfEntityMetrics> out = new ArrayList<>();
          while (SafeXml.nextElement(r)) {
            XmlNode n = SafeXml.readNode(r);
            if (n.name().equals("returnval")) {
              out.add(entityMetrics(n));
            }
          }
          return out;
        });
  }

  private static PerfMetricId metricId(XmlNode id) {
    String instance = id.childText("instance");
    return new PerfMetricId(Integer.parseInt(id.childText("counterId").trim()), instance == null ? "" : instance);
  }

  private static PerfEntityMetrics entityMetrics(XmlNode rv) throws XMLStreamException {
    try {
      ManagedObjectReference entity = rv.child("entity").asMoRef();
      boolean csv = "PerfEntityMetricCSV".equals(rv.xsiType()) || rv.child("sampleInfoCSV") != null;
      long[] times = csv ? csvTimes(rv.childText("sampleInfoCSV")) : normalTimes(rv.children("sampleInfo"));
      List<PerfEntityMetrics.Series> series = new ArrayList<>();
      for (XmlNode v : rv.children("value")) {
        double[] values = new double[times.length];
        if (csv) {
          String[] parts = v.childText("value") == null || v.childText("value").isEmpty() ? new String[0] : v.childText("value").split(",");
          for (int i = 0; i < values.length; i++) {
            values[i] = i < parts.length ? value(Long.parseLong(parts[i].trim())) : Double.NaN;
          }
        } else {
          List<XmlNode> raw = v.children("value");
          for (int i = 0; i < values.length; i++) {
            values[i] = i < raw.size() ? value(Long.parseLong(raw.get(i).text().trim())) : Double.NaN;
          }
        }
        series.add(new PerfEntityMetrics.Series(metricId(v.child("id")), values));
      }
      return ascending(new PerfEntityMetrics(entity, times, series));
    } catch (RuntimeException e) {
      // a number that is not one, a missing id: the answer is malformed, say so at the parse site
      throw new XMLStreamException("malformed performance values: " + e.getMessage(), e);
    }
  }

  /** Orders samples oldest first; the normal format lists them newest first on some servers. */
  private static PerfEntityMetrics ascending(PerfEntityMetrics m) {
    long[] t = m.epochSeconds();
    boolean sorted = true;
    for (int i = 1; i < t.length && sorted; i++) {
      sorted = t[i - 1] <= t[i];
    }
    if (sorted) {
      return m;
    }
    Integer[] order = new Integer[t.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, java.util.Comparator.comparingLong(i -> t[i]));
    long[] times = new long[t.length];
    for (int i = 0; i < order.length; i++) {
      times[i] = t[order[i]];
    }
    List<PerfEntityMetrics.Series> series = new ArrayList<>();
    for (PerfEntityMetrics.Series s : m.series()) {
      double[] v = new double[order.length];
      for (int i = 0; i < order.length; i++) {
        v[i] = s.values()[order[i]];
      }
      series.add(new PerfEntityMetrics.Series(s.id(), v));
    }
    return new PerfEntityMetrics(m.entity(), times, series);
  }

  private static double value(long v) {
    return v < 0 ? Double.NaN : v;
  }

  private static long[] normalTimes(List<XmlNode> sampleInfo) {
    long[] times = new long[sampleInfo.size()];
    for (int i = 0; i < times.length; i++) {
      times[i] = OffsetDateTime.parse(sampleInfo.get(i).childText("timestamp").trim()).toEpochSecond();
    }
    return times;
  }

  /** sampleInfoCSV is {@code interval,timestamp,interval,timestamp,...}. */
  private static long[] csvTimes(String csv) {
    if (csv == null || csv.isBlank()) {
      return new long[0];
    }
    String[] parts = csv.split(",");
    long[] times = new long[parts.length / 2];
    for (int i = 0; i < times.length; i++) {
      times[i] = OffsetDateTime.parse(parts[2 * i + 1].trim()).toEpochSecond();
    }
    return times;
  }
}
