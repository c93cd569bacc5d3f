package dev.vscope.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * What Prometheus says of itself on {@code /metrics}, read between two moments: the samples it
 * appended (what it accepted, whoever sent them; the benchmark's engine scrapes nothing), the
 * samples it refused as out of order or out of bounds, its series, the time its remote-write
 * handler took, and its resident memory.
 */
record EngineStats(double samplesAppended, double samplesRefused, double headSeries, double writeRequests, double writeSeconds,
    double residentBytes) {

  static EngineStats read(HttpClient http, URI base) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/metrics")).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("GET " + base + "/metrics answered " + r.statusCode());
    }
    String text = r.body();
    String write = "handler=\"/api/v1/write\"";
    return new EngineStats(
        sum(text, "prometheus_tsdb_head_samples_appended_total", ""),
        sum(text, "prometheus_tsdb_out_of_order_samples_total", "") + sum(text, "prometheus_tsdb_out_of_bound_samples_total", "")
            + sum(text, "prometheus_tsdb_too_old_samples_total", ""),
        sum(text, "prometheus_tsdb_head_series", ""),
        sum(text, "prometheus_http_request_duration_seconds_count", write),
        sum(text, "prometheus_http_request_duration_seconds_sum", write),
        sum(text, "process_resident_memory_bytes", ""));
  }

  /** What happened from {@code before} to this (resident memory and series: this one's). */
  EngineStats since(EngineStats before) {
    return new EngineStats(samplesAppended - before.samplesAppended, samplesRefused - before.samplesRefused, headSeries,
        writeRequests - before.writeRequests, writeSeconds - before.writeSeconds, residentBytes);
  }

  /** The sum of every series of metric {@code name} whose labels contain {@code labelText}. */
  static double sum(String exposition, String name, String labelText) {
    double total = 0;
    for (String line : exposition.split("\n")) {
      if (line.startsWith("#") || !line.startsWith(name)) {
        continue;
      }
      String rest = line.substring(name.length());
      if (!(rest.startsWith("{") || rest.startsWith(" ")) || !rest.contains(labelText)) {
        continue;
      }
      String[] fields = rest.substring(rest.lastIndexOf('}') + 1).trim().split("\\s+");
      total += Double.parseDouble(fields[0]);
    }
    return total;
  }
}
