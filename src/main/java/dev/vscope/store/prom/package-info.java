/**
 * A {@link dev.vscope.store.HistoryStore} kept in a Prometheus-compatible engine instead of the
 * embedded rrd4j files: {@link dev.vscope.store.prom.PrometheusHistoryStore}.
 *
 * <pre>
 * write() ─▶ SegmentBuffer (disk, CRC'd records) ─▶ RemoteWriteSender thread
 *              ─▶ RemoteWriteEncoder (protobuf) ─▶ SnappyBlock ─▶ RemoteWriteClient (HTTP POST)
 * read(), metrics(), lastTimestamp() ─▶ PromQl (query text) ─▶ PromQueryClient (HTTP GET, JSON)
 * </pre>
 *
 * <p>The engine must accept remote write 1.0: Prometheus 2.33 or later started with {@code
 * --web.enable-remote-write-receiver} (write URL {@code http://HOST:9090/api/v1/write}, read URL
 * {@code http://HOST:9090}), or VictoriaMetrics ({@code http://HOST:8428/api/v1/write} and {@code
 * http://HOST:8428}); both are tested by {@code PrometheusHistoryStoreIT}. Prometheus refuses
 * samples more than about an hour older than the newest sample it has of any series: the store
 * sends in time order, so that only matters when the engine was down (or vscope could not reach
 * it) for more than an hour while it kept receiving other data, such as its own scrapes; the
 * records it then refuses are logged and dropped. Prometheus 2.39+ accepts them with {@code
 * storage.tsdb.out_of_order_time_window} in its configuration; VictoriaMetrics always does.
 * Retention is the engine's setting.
 */
package dev.vscope.store.prom;
