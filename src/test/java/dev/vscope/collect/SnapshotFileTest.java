package dev.vscope.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file of a vCenter's last snapshot: read back as written, replaced atomically, refused when damaged. */
class SnapshotFileTest {

  @TempDir Path dir;

  static final Instant COLLECTED = Instant.parse("2026-11-30T08:15:42Z");

  /** A small inventory with what JSON could get wrong: enums, nulls, an id with "/", names to escape, NaN. */
  static SnapshotFile.Saved saved(String vmName) {
    Inventory.Host host = new Inventory.Host("prod:host-14", "esx1 <b>", null, ConnectionState.NOT_RESPONDING, PowerState.STANDBY, true, 16, 32,
        2199, 137391214592L, Double.NaN, null, 1, 2, List.of(new Inventory.Nic("vmnic0", null, false), new Inventory.Nic("vmnic1", 10000, true)),
        List.of("prod:/tmp/govcsim-DC0-LocalDS_0"), new Inventory.MemoryPressure(1L << 30, null, 0L), "24022510");
    Inventory.Datastore ds = new Inventory.Datastore("prod:/tmp/govcsim-DC0-LocalDS_0", "LocalDS_0", "OTHER", "file:///tmp/ds", 1L << 40,
        1L << 39, 0, 1L << 39, true, "normal", 1, 1);
    Inventory.Vm vm = new Inventory.Vm("prod:vm-22", vmName, "prod:host-14", "esx1 <b>", PowerState.POWERED_ON, ToolsRunningStatus.EXECUTING_SCRIPTS,
        "guestToolsUnmanaged", 2, 10240, 5_000_000_000L, 0, null, "Other 3.x Linux (64-bit) « é »", List.of("prod:/tmp/govcsim-DC0-LocalDS_0"),
        Inventory.MemoryPressure.UNKNOWN,
        List.of(new Inventory.DatastoreUsage("prod:/tmp/govcsim-DC0-LocalDS_0", 5_000_000_000L, 7_000_000_000L, 4_000_000_000L)),
        new Inventory.VmIdentity("4213a1b2-0c3d-4e5f-8a9b-0c1d2e3f4a5b", "5013c4d5-6e7f-4a8b-9c0d-1e2f3a4b5c6d", List.of("00:50:56:aa:bb:cc"), null),
        List.of("[LocalDS_0] iso/install « 1 ».iso"),
        new Inventory.VmSnapshots(List.of(new Inventory.Snapshot("prod:snapshot-7", "before <b>", null, COLLECTED.minusSeconds(86_400), 4096, 1, true)),
            4096, 1, true, Map.of("prod:/tmp/govcsim-DC0-LocalDS_0", 4096L)));
    Inventory.TriggeredAlarm alarm = new Inventory.TriggeredAlarm("alarm-1.host-14", "prod:host-14", Inventory.EntityType.HOST, "esx1 <b>",
        "prod:alarm-1", "Host connection & power state", AlarmStatus.RED, COLLECTED.minusSeconds(600), true, "VSPHERE.LOCAL\\ops", COLLECTED);
    Inventory inv = new Inventory("prod", COLLECTED.minusSeconds(3),
        List.of(new Inventory.Datacenter("prod:datacenter-2", "DC0", "prod", List.of(host), List.of(ds), List.of(vm), List.of(), List.of(alarm))));
    Map<String, Map<String, Double>> latest = Map.of("prod:vm-22", Map.of("cpu.usage", 12.34, "disk.maxLatency", 0.0),
        "prod:host-14", Map.of("datastore.readLatency[/tmp/govcsim-DC0-LocalDS_0]", 1.5));
    return SnapshotFile.Saved.of("prod", COLLECTED, inv, latest, Map.of("prod:/tmp/govcsim-DC0-LocalDS_0",
        new SpaceOutlook(42.5, 1.5e9, null), "prod:/tmp/ds-2", new SpaceOutlook(null, null, SpaceOutlook.Reason.RECENT_DROP)));
  }

  @Test
  void readsBackWhatWasWritten() throws Exception {
    SnapshotFile file = new SnapshotFile(dir.resolve("inventory").resolve("prod.json.gz"));
    SnapshotFile.Saved written = saved("web-01");

    file.write(written);
    SnapshotFile.Saved read = file.read("prod");

    // records compare field by field; NaN equals NaN in Double.equals
    assertThat(read).isEqualTo(written);
    assertThat(read.inventory().datacenters().get(0).hosts().get(0).powerState()).isEqualTo(PowerState.STANDBY);
    assertThat(read.collectedAt()).isEqualTo(COLLECTED);
    try (var files = Files.list(file.path().getParent())) {
      assertThat(files.map(p -> p.getFileName().toString()).toList()).as("no temporary file left").containsExactly("prod.json.gz");
    }
  }

  /** A file written before alarms and snapshots were kept (issue 13) reads, with none of them. */
  @Test
  void aFileOfAnEarlierVersionReads() throws Exception {
    SnapshotFile file = new SnapshotFile(dir.resolve("prod.json.gz"));
    com.fasterxml.jackson.databind.node.ObjectNode tree = dev.vscope.Json.mapper().valueToTree(saved("web-01"));
    com.fasterxml.jackson.databind.node.ObjectNode dc = (com.fasterxml.jackson.databind.node.ObjectNode) tree.path("inventory").path("datacenters").get(0);
    dc.remove("alarms");
    ((com.fasterxml.jackson.databind.node.ObjectNode) dc.path("vms").get(0)).remove("snapshotState");
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(tree.toString().getBytes(StandardCharsets.UTF_8));
    }
    Files.write(file.path(), gz.toByteArray());

    Inventory.Datacenter read = file.read("prod").inventory().datacenters().get(0);
    assertThat(read.alarms()).isEmpty();
    assertThat(read.vms().get(0).snapshotState()).isNull();
    assertThat(read.vms().get(0).name()).isEqualTo("web-01");
  }

  @Test
  void replacesTheFileByRenameNotInPlace() throws Exception {
    SnapshotFile file = new SnapshotFile(dir.resolve("prod.json.gz"));
    file.write(saved("before"));
    byte[] before = Files.readAllBytes(file.path());

    try (InputStream held = Files.newInputStream(file.path())) {
      file.write(saved("after"));
      // A reader that opened the old file reads the old file whole: the new one is another file,
      // renamed over it, never the old one truncated and rewritten.
      assertThat(held.readAllBytes()).isEqualTo(before);
    }
    assertThat(file.read("prod").inventory().datacenters().get(0).vms().get(0).name()).isEqualTo("after");
  }

  @Test
  void aFailedWriteLeavesThePreviousFile() throws Exception {
    Path path = dir.resolve("prod.json.gz");
    new SnapshotFile(path).write(saved("kept"));
    long size = Files.size(path);

    SnapshotFile bounded = new SnapshotFile(path, size + 10);
    // random letters: gzip cannot make them much smaller
    String incompressible = new java.util.Random(1).ints(10_000, 'a', 'z' + 1).collect(StringBuilder::new, StringBuilder::appendCodePoint,
        StringBuilder::append).toString();
    assertThatThrownBy(() -> bounded.write(saved(incompressible))).isInstanceOf(SnapshotFile.UnusableException.class)
        .hasMessageContaining("more than the " + (size + 10));

    assertThat(new SnapshotFile(path).read("prod").inventory().datacenters().get(0).vms().get(0).name()).isEqualTo("kept");
    assertThat(Files.exists(dir.resolve("prod.json.gz.tmp"))).as("temporary file removed").isFalse();
  }

  @Test
  void aLeftoverTemporaryFileIsNeitherReadNorInTheWay() throws Exception {
    Path path = dir.resolve("prod.json.gz");
    Files.write(dir.resolve("prod.json.gz.tmp"), new byte[] {31, -117, 8, 0});
    assertThatThrownBy(() -> new SnapshotFile(path).read("prod")).isInstanceOf(NoSuchFileException.class);

    new SnapshotFile(path).write(saved("web-01"));
    assertThat(new SnapshotFile(path).read("prod")).isEqualTo(saved("web-01"));
  }

  @Test
  void aTruncatedFileIsRefused() throws Exception {
    SnapshotFile file = new SnapshotFile(dir.resolve("prod.json.gz"));
    file.write(saved("web-01"));
    byte[] whole = Files.readAllBytes(file.path());
    Files.write(file.path(), Arrays.copyOf(whole, whole.length / 2));

    assertThatThrownBy(() -> file.read("prod")).isInstanceOf(SnapshotFile.UnusableException.class).hasMessageStartingWith("damaged");
  }

  @Test
  void garbageIsRefused() throws Exception {
    SnapshotFile file = new SnapshotFile(dir.resolve("prod.json.gz"));
    Files.writeString(file.path(), "{\"not\": \"gzip\"}");
    assertThatThrownBy(() -> file.read("prod")).isInstanceOf(SnapshotFile.UnusableException.class).hasMessageStartingWith("damaged");

    Files.write(file.path(), gzip("{\"format\": 1, \"vcenter\": \"prod\", \"inventory\": [1, 2]}"));
    assertThatThrownBy(() -> file.read("prod")).isInstanceOf(SnapshotFile.UnusableException.class).hasMessageStartingWith("damaged");

    Files.write(file.path(), gzip("null"));
    assertThatThrownBy(() -> file.read("prod")).isInstanceOf(SnapshotFile.UnusableException.class).hasMessageContaining("format none");

    Files.write(file.path(), gzip("{\"format\": 1, \"vcenter\": \"prod\", \"collectedAt\": \"2026-11-30T08:15:42Z\","
        + " \"inventory\": {\"vcenter\": \"prod\", \"datacenters\": []}}"));
    assertThatThrownBy(() -> file.read("prod")).isInstanceOf(SnapshotFile.UnusableException.class).hasMessageContaining("no values");
  }

  @Test
  void anotherFormatOrVcenterIsRefused() throws Exception {
    SnapshotFile file = new SnapshotFile(dir.resolve("prod.json.gz"));
    SnapshotFile.Saved s = saved("web-01");
    file.write(new SnapshotFile.Saved(SnapshotFile.FORMAT + 1, "prod", s.collectedAt(), s.inventory(), s.latest(), s.outlooks()));
    assertThatThrownBy(() -> file.read("prod")).isInstanceOf(SnapshotFile.UnusableException.class)
        .hasMessageContaining("format " + (SnapshotFile.FORMAT + 1));

    file.write(s);
    assertThatThrownBy(() -> file.read("test")).isInstanceOf(SnapshotFile.UnusableException.class).hasMessageContaining("holds vCenter prod");
  }

  @Test
  void aFileOverTheBoundIsNotRead() throws Exception {
    Path path = dir.resolve("prod.json.gz");
    new SnapshotFile(path).write(saved("web-01"));
    long size = Files.size(path);

    assertThatThrownBy(() -> new SnapshotFile(path, size - 1).read("prod")).isInstanceOf(SnapshotFile.UnusableException.class)
        .hasMessageContaining(size + " bytes");
    assertThat(new SnapshotFile(path, size).read("prod")).isEqualTo(saved("web-01"));
  }

  static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }
}
