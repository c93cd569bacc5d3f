package dev.vscope.vim;

/**
 * One counter of vCenter's catalog. Its {@code key} differs between vCenters; {@link #fullName()}
 * ({@code cpu.usage.average}) is how vscope names it.
 */
public record PerfCounter(int key, String group, String name, String rollup, String unit, int level) {

  public String fullName() {
    return group + "." + name + "." + rollup;
  }
}
