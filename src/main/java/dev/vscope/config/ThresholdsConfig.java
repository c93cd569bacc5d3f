package dev.vscope.config;

/**
 * Where the dashboard starts highlighting values: a warning level and a critical level each.
 * Defaults are the usual ones: CPU and RAM 80/90 %, CPU ready 5/10 % per vCPU, datastore used
 * 80/90 %, latency 20/50 ms.
 */
public record ThresholdsConfig(Level cpu, Level mem, Level cpuReady, Level datastoreUsed, Level latency) {

  /** A pair of levels; {@code critical} must not be below {@code warning}. */
  public record Level(double warning, double critical) {}

  public ThresholdsConfig {
    cpu = cpu == null ? new Level(80, 90) : cpu;
    mem = mem == null ? new Level(80, 90) : mem;
    cpuReady = cpuReady == null ? new Level(5, 10) : cpuReady;
    datastoreUsed = datastoreUsed == null ? new Level(80, 90) : datastoreUsed;
    latency = latency == null ? new Level(20, 50) : latency;
  }

  public static ThresholdsConfig defaults() {
    return new ThresholdsConfig(null, null, null, null, null);
  }
}
