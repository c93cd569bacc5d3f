package dev.vscope.collect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vscope.config.CollectorConfig;
import dev.vscope.sim.Simulator;
import dev.vscope.store.HistoryStore;
import dev.vscope.store.embedded.EmbeddedHistoryStore;
import dev.vscope.store.TimeRange;
import dev.vscope.testing.Sims;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history disk fills up while collecting: the cycle reports a clear error, what was stored
 * stays readable, and once there is room again the next cycle stores everything, the missed
 * samples included (the store's files are sparse: a full disk refuses the new pages of the next
 * samples, which vCenter still keeps for an hour). A real full filesystem: a small tmpfs, which
 * only root may mount (the tests run as root, as CI does; without root they fail saying so).
 */
class DiskFullIT {

  @TempDir Path dir;

  static void sh(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + new String(p.getInputStream().readAllBytes())).isZero();
  }

  /**
   * A tmpfs of that size under the test's directory; each test unmounts its own. Mounting needs
   * root (CAP_SYS_ADMIN): without it the test fails and says so, rather than skip (a full disk
   * left untested) or fail on a confusing later step (issue 15).
   */
  Path tmpfs(String name, String size) throws Exception {
    Path mount = Files.createDirectories(dir.resolve(name));
    Process mounting = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mount.toString())
        .redirectErrorStream(true).start();
    boolean done = mounting.waitFor(30, TimeUnit.SECONDS);
    String said = new String(mounting.getInputStream().readAllBytes()).strip();
    if (!done || mounting.exitValue() != 0) {
      throw new AssertionError("DiskFullIT needs root (CAP_SYS_ADMIN) to mount the small tmpfs that it fills as a real full disk,"
          + " and could not: running as '" + System.getProperty("user.name") + "', mount said: " + (said.isEmpty() ? "(nothing)" : said)
          + ". Run the integration tests as root, as scripts/test does.");
    }
    return mount;
  }

  static Simulator oneHostOneVm() throws Exception {
    return Sims.start("-cluster", "1", "-host", "1", "-standalone-host", "0", "-vm", "1", "-ds", "1");
  }

  static VcenterCollector collector(Simulator sim, HistoryStore store) {
    return new VcenterCollector(Sims.config(sim, "sim"), CollectorConfig.defaults(), store, Clock.systemUTC(), Vcenters::login);
  }

  /** Fills the file system with one file until it refuses a block. */
  static Path fill(Path mount) throws Exception {
    Path filler = mount.resolve("filler");
    try (var out = Files.newOutputStream(filler)) {
      byte[] block = new byte[64 * 1024];
      while (true) {
        out.write(block);
      }
    } catch (java.io.IOException full) {
      assertThat(full).hasMessageContaining("No space left on device");
    }
    return filler;
  }

  /**
   * Samples known in the hour up to {@code end}. Callers comparing two counts pass the same end:
   * an hour ending "now" slides between the calls and drops its oldest step (a flaky 169 < 170).
   */
  static long known(HistoryStore store, String id, Instant end) {
    return store.read(id, "cpu.usage", TimeRange.HOUR, end).points().stream()
        .filter(p -> !Double.isNaN(p.avg())).count();
  }

  @Test
  void aFullDiskIsAClearErrorAndLosesNothing() throws Exception {
    // Room for what the cycles below write: the store's files grow with the number of metric
    // families, and with the datastores' four IOPS families (issue 12) 16 MB no longer held the
    // last cycle once the filler was gone. The test fills whatever is left anyway.
    Path mount = tmpfs("history", "32m");
    try (Simulator sim = oneHostOneVm();
        HistoryStore store = EmbeddedHistoryStore.open(mount, Clock.systemUTC());
        VcenterCollector c = collector(sim, store)) {
      assertThat(c.cycle()).isTrue();
      String host = c.snapshot().inventory().datacenters().get(0).hosts().get(0).id();
      Instant end = Instant.now().plusSeconds(200);
      long before = known(store, host, end);
      long lastBefore = store.lastTimestamp(host, "cpu.usage").orElseThrow();

      // not one block left, and the next samples need new pages
      Path filler = fill(mount);
      for (int i = 0; i < 5; i++) {
        sim.control("{\"createVm\": {\"name\": \"more-" + i + "\", \"host\": \"" + host.substring(4) + "\"}}");
      }
      sim.control("{\"clockOffsetSeconds\": 120}");
      assertThat(c.cycle()).isFalse();
      VcenterStatus failed = c.snapshot().status();
      assertThat(failed.state()).isEqualTo(CollectionState.FAILING);
      assertThat(failed.error()).contains("history store").contains("No space left on device");
      // the page still shows the new inventory, with the error, and what was stored stays readable
      assertThat(c.snapshot().inventory().datacenters().get(0).vms()).hasSizeGreaterThan(5);
      assertThat(known(store, host, end)).isGreaterThanOrEqualTo(before);

      Files.delete(filler);
      sim.control("{\"clockOffsetSeconds\": 240}");
      assertThat(c.cycle()).isTrue();
      assertThat(c.snapshot().status().error()).isNull();
      // the samples the full disk kept out were fetched again: nothing is missing since the first cycle
      long lastAfter = store.lastTimestamp(host, "cpu.usage").orElseThrow();
      assertThat(lastAfter).isGreaterThanOrEqualTo(lastBefore + 200);
      assertThat(store.read(host, "cpu.usage", TimeRange.HOUR, Instant.ofEpochSecond(lastAfter)).points())
          .filteredOn(p -> p.epochSecond() > lastBefore)
          .hasSize((int) ((lastAfter - lastBefore) / 20))
          .allSatisfy(p -> assertThat(p.avg()).as("at %d", p.epochSecond()).isNotNaN());
      for (Inventory.Vm vm : c.snapshot().inventory().datacenters().get(0).vms()) {
        if (vm.powerState() == PowerState.POWERED_ON) {
          assertThat(known(store, vm.id(), Instant.now().plusSeconds(300))).as(vm.name()).isGreaterThan(100);
        }
      }
    } finally {
      sh("umount", "-l", mount.toString());
    }
  }
}
