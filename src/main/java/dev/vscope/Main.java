package dev.vscope;

import dev.vscope.alert.RuleBook;
import dev.vscope.config.ConfigException;
import dev.vscope.config.ConfigLoader;
import dev.vscope.collect.InventoryNames;
import dev.vscope.collect.Vcenters;
import dev.vscope.config.ScopeConfig;
import dev.vscope.config.VcenterConfig;
import dev.vscope.config.VscopeConfig;
import dev.vscope.sim.DemoVcenter;
import dev.vscope.sim.Simulator;
import dev.vscope.vim.VimClient;
import dev.vscope.vim.VimException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * vscope's entry point: parses the command line, loads the configuration (starting the demo
 * simulator when no vCenter is configured) and runs the command. Serving runs the {@link
 * Application}, where the parts are wired together; {@code inventory} and {@code check-config}
 * only connect to each vCenter.
 */
@Command(
    name = "vscope",
    mixinStandardHelpOptions = true,
    version = "vscope 0.1.0",
    description = "Web dashboard for VMware vSphere private clouds.",
    subcommands = {Main.Serve.class, Main.InventoryCmd.class, Main.CheckConfig.class})
public final class Main implements Callable<Integer> {

  static final Logger logger = LoggerFactory.getLogger(Main.class);

  /** Exit code for a configuration error. */
  static final int EXIT_CONFIG = 2;
  /** Exit code when a vCenter cannot be reached or refuses the login. */
  static final int EXIT_VCENTER = 1;

  @Option(names = "--config", description = "configuration file (default: ./vscope.yml)")
  Path config;

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  /** Without a sub-command, vscope serves. */
  @Override
  public Integer call() {
    return new Serve(config).call();
  }

  /** Loads the configuration; with no vCenter configured, starts and uses the demo simulator. */
  static Loaded load(Path file) throws Exception {
    Path path = file == null ? Path.of("vscope.yml") : file;
    VscopeConfig config = ConfigLoader.load(path, file == null);
    if (!config.vcenters().isEmpty()) {
      return new Loaded(config, null);
    }
    logger.info("no vCenter configured: starting the simulated demo vCenter");
    Simulator sim = DemoVcenter.start();
    return new Loaded(config.withVcenters(List.of(DemoVcenter.config(sim))), sim);
  }

  /** A configuration and, in demo mode, the simulator to stop at the end. */
  record Loaded(VscopeConfig config, Simulator simulator) implements AutoCloseable {
    @Override
    public void close() {
      if (simulator != null) {
        simulator.close();
      }
    }
  }

  /** Runs a command body with vscope's error reporting: one line on stderr, no stack trace. */
  static int guarded(Callable<Integer> body) {
    try {
      return body.call();
    } catch (ConfigException e) {
      System.err.println("vscope: " + e.getMessage());
      return EXIT_CONFIG;
    } catch (VimException e) {
      System.err.println("vscope: " + e.getMessage());
      return EXIT_VCENTER;
    } catch (Exception e) {
      System.err.println("vscope: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      return EXIT_VCENTER;
    }
  }

  @Command(name = "inventory", description = "Connect, collect the inventory once and print it as JSON.")
  static final class InventoryCmd implements Callable<Integer> {
    @Option(names = "--config", description = "configuration file (default: ./vscope.yml)")
    Path config;

    @Override
    public Integer call() {
      return guarded(() -> {
        try (Loaded loaded = load(config)) {
          InventoryCommand.run(loaded.config(), System.out);
          return 0;
        }
      });
    }
  }

  @Command(name = "check-config", description = "Validate the configuration and test each vCenter login, without serving.")
  static final class CheckConfig implements Callable<Integer> {
    @Option(names = "--config", description = "configuration file (default: ./vscope.yml)")
    Path config;

    @Override
    public Integer call() {
      return guarded(() -> {
        Path path = config == null ? Path.of("vscope.yml") : config;
        VscopeConfig c = ConfigLoader.load(path, false);
        RuleBook.check(c.alerts());
        System.out.println(path + ": configuration is valid");
        int failures = 0;
        // the names each vCenter holds, for the alert rules' scopes (only when a rule has a scope to check)
        boolean scoped = c.alerts().rules().stream().anyMatch(r -> hasNames(r.scope()));
        Map<String, Map<String, Set<String>>> names = new LinkedHashMap<>();
        for (VcenterConfig vc : c.vcenters()) {
          try (VimClient client = Vcenters.login(vc)) {
            System.out.println(vc.name() + ": login ok (" + client.serviceContent().fullName() + ")");
            if (scoped) {
              names.put(vc.name(), InventoryNames.read(client, c.collector().pageSize()));
            }
          } catch (VimException e) {
            System.out.println(e.getMessage()); // names the vCenter already
            failures++;
          }
        }
        if (c.vcenters().isEmpty()) {
          System.out.println("no vCenter configured: vscope would start the demo simulator");
        }
        List<String> unknown = RuleBook.unknownNames(c.alerts(), names);
        unknown.forEach(u -> System.err.println("vscope: " + u));
        if (!unknown.isEmpty()) {
          return EXIT_CONFIG;
        }
        return failures == 0 ? 0 : EXIT_VCENTER;
      });
    }
  }

  /** Whether a scope names datacenters, clusters, hosts, datastores or VMs (check-config compares them with vCenter's). */
  static boolean hasNames(ScopeConfig s) {
    return !(s.datacenters().isEmpty() && s.clusters().isEmpty() && s.hosts().isEmpty() && s.datastores().isEmpty() && s.vms().isEmpty());
  }

  @Command(name = "serve", description = "Collect every minute and serve the dashboard (the default).")
  static final class Serve implements Callable<Integer> {
    @Option(names = "--config", description = "configuration file (default: ./vscope.yml)")
    Path config;

    Serve() {}

    Serve(Path config) {
      this.config = config;
    }

    @Override
    public Integer call() {
      return guarded(() -> {
        try (Loaded loaded = load(config)) {
          return Server.run(loaded.config());
        }
      });
    }
  }
}
