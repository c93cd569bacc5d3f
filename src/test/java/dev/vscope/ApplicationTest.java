package dev.vscope;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vscope.collect.BackfillBudget;
import dev.vscope.config.AuthConfig;
import dev.vscope.config.CollectorConfig;
import dev.vscope.config.ServerConfig;
import dev.vscope.config.StorageConfig;
import dev.vscope.config.VcenterConfig;
import dev.vscope.config.VscopeConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the assembly decides for the whole of vscope, built here without reaching any vCenter. */
class ApplicationTest {

  @TempDir
  Path dir;

  @Test
  void vcentersCollectedTogetherShareTheBackfillBudget() throws Exception {
    String thumbprint = String.join(":", java.util.Collections.nCopies(32, "AB"));
    List<VcenterConfig> four = List.of("a", "b", "c", "d").stream()
        .map(n -> VcenterConfig.pinned(n, "https://127.0.0.1:9/sdk", "u", "p", thumbprint)).toList();
    VscopeConfig config = new VscopeConfig(four, CollectorConfig.defaults(), new ServerConfig("127.0.0.1", 0, null, null, null, true, null),
        new StorageConfig(dir, null, null, null), null, new AuthConfig(false, null, null, null), null, null, null);
    try (Application app = Application.builder(config).collectOnDemand().start()) {
      assertThat(app.collectors()).hasSize(4)
          .allSatisfy(c -> assertThat(c.backfillBudget()).isEqualTo(BackfillBudget.SHARED / 4));
    }
  }
}
