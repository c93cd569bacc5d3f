package dev.vscope;

import dev.vscope.collect.Inventory;
import dev.vscope.collect.InventoryReader;
import dev.vscope.collect.Vcenters;
import dev.vscope.config.VcenterConfig;
import dev.vscope.config.VscopeConfig;
import dev.vscope.vim.VimClient;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code vscope inventory}: connects, reads every vCenter's inventory once, prints it as JSON. */
final class InventoryCommand {

  private InventoryCommand() {}

  static void run(VscopeConfig config, PrintStream out) throws Exception {
    List<Map<String, Object>> vcenters = new ArrayList<>();
    for (VcenterConfig vcenter : config.vcenters()) {
      try (VimClient vc = Vcenters.login(vcenter)) {
        Inventory inv = new InventoryReader(vc, config.collector().pageSize(), Clock.systemUTC()).read();
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", inv.vcenter());
        v.put("collectedAt", inv.collectedAt());
        v.put("datacenters", inv.datacenters());
        vcenters.add(v);
      }
    }
    Json.mapper().writerWithDefaultPrettyPrinter().writeValue(out, Map.of("vcenters", vcenters));
    out.println();
    out.flush();
  }
}
