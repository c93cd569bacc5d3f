package dev.vscope.config;

import java.time.Duration;

/**
 * How vCenter's events are read and kept (issue 13).
 *
 * @param retention how long events stay on disk (default 30 days, vCenter's own default); also how
 *     far back the first start reads
 * @param pageSize events per ReadNextEvents call (default 500, at most 1000)
 * @param pagesPerCycle calls per collection cycle at most (default 20): a storm of events is read
 *     over several cycles instead of holding one up
 */
public record EventsConfig(Duration retention, Integer pageSize, Integer pagesPerCycle) {

  public EventsConfig {
    retention = retention == null ? Duration.ofDays(30) : retention;
    pageSize = pageSize == null ? 500 : pageSize;
    pagesPerCycle = pagesPerCycle == null ? 20 : pagesPerCycle;
  }

  public static EventsConfig defaults() {
    return new EventsConfig(null, null, null);
  }
}
