package dev.vscope.vim;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

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
            if (r.getLocalName().equals("returnval")) {
              out.add(entityMetrics(r));
            } else {
              SafeXml.skip(r);
            }
          }
          return out;
        });
  }

  private static PerfMetricId metricId(XmlNode id) {
    String instance = id.childText("instance");
    return new PerfMetricId(Integer.parseInt(id.childText("counterId").trim()), instance == null ? "" : instance);
  }

  /**
   * Reads one {@code returnval} of QueryPerf, a {@code PerfEntityMetric} or {@code
   * PerfEntityMetricCSV}, straight from the reader: a cycle's answers hold hundreds of thousands
   * of small elements, too many to build a tree of first.
   */
  private static PerfEntityMetrics entityMetrics(XMLStreamReader r) throws XMLStreamException {
    try {
      boolean csv = "PerfEntityMetricCSV".equals(SafeXml.xsiType(r));
      ManagedObjectReference entity = null;
      List<String> timestamps = new ArrayList<>();
      List<PerfMetricId> ids = new ArrayList<>();
      List<List<String>> rawValues = new ArrayList<>();
      while (SafeXml.nextElement(r)) {
        switch (r.getLocalName()) {
          case "entity" -> {
            String type = r.getAttributeValue(null, "type");
            entity = new ManagedObjectReference(type, SafeXml.readText(r));
          }
          case "sampleInfo" -> {
            while (SafeXml.nextElement(r)) {
              if (r.getLocalName().equals("timestamp")) {
                timestamps.add(SafeXml.readText(r));
              } else {
                SafeXml.skip(r);
              }
            }
          }
          case "sampleInfoCSV" -> {
            csv = true;
            String[] parts = SafeXml.readText(r).split(",");
            for (int i = 1; i < parts.length; i += 2) {
              timestamps.add(parts[i]);
            }
          }
          case "value" -> {
            PerfMetricId id = null;
            List<String> raw = new ArrayList<>();
            while (SafeXml.nextElement(r)) {
              switch (r.getLocalName()) {
                case "id" -> id = metricId(SafeXml.readNode(r));
                case "value" -> raw.add(SafeXml.readText(r));
                default -> SafeXml.skip(r);
              }
            }
            if (id == null) {
              throw new IllegalArgumentException("a value without id");
            }
            ids.add(id);
            rawValues.add(raw);
          }
          default -> SafeXml.skip(r);
        }
      }
      if (entity == null || entity.type() == null) {
        throw new IllegalArgumentException("no entity");
      }
      long[] times = new long[timestamps.size()];
      for (int i = 0; i < times.length; i++) {
        times[i] = OffsetDateTime.parse(timestamps.get(i).trim()).toEpochSecond();
      }
      List<PerfEntityMetrics.Series> series = new ArrayList<>(ids.size());
      for (int s = 0; s < ids.size(); s++) {
        List<String> raw = rawValues.get(s);
        if (csv) {
          String joined = raw.isEmpty() ? "" : raw.get(0);
          raw = joined.isEmpty() ? List.of() : List.of(joined.split(","));
        }
        double[] values = new double[times.length];
        for (int i = 0; i < values.length; i++) {
          values[i] = i < raw.size() ? value(Long.parseLong(raw.get(i).trim())) : Double.NaN;
        }
        series.add(new PerfEntityMetrics.Series(ids.get(s), values));
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
}
