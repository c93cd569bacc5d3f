package dev.vscope.alert;

import dev.vscope.config.ScopeConfig;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A rule's {@link ScopeConfig}, compiled: whether a target lies within it. A dimension given is a
 * condition on the names the target lies in (one of them must match one of the patterns); all
 * the dimensions given must hold, and no dimension of {@code exclude} may match. A target that
 * has no place in a dimension (a VM on no datastore, a host in no cluster) is outside a scope that
 * names it, and never excluded by it.
 */
public final class Scope {

  private final Names vcenters;
  private final Names datacenters;
  private final Names clusters;
  private final Names hosts;
  private final Names datastores;
  private final Names vms;
  private final Scope exclude;

  private Scope(ScopeConfig c) {
    vcenters = Names.of(c.vcenters());
    datacenters = Names.of(c.datacenters());
    clusters = Names.of(c.clusters());
    hosts = Names.of(c.hosts());
    datastores = Names.of(c.datastores());
    vms = Names.of(c.vms());
    exclude = c.exclude() == null ? null : new Scope(c.exclude());
  }

  public static Scope of(ScopeConfig config) {
    return new Scope(config);
  }

  /** Whether the target lies within the scope and not in its exclusions. */
  public boolean contains(Target t) {
    return includes(t, true) && (exclude == null || !exclude.includes(t, false));
  }

  /**
   * Whether every dimension given holds ({@code all}: the scope), or any does (an exclusion, where
   * any dimension given that matches leaves the target out).
   */
  private boolean includes(Target t, boolean all) {
    Boolean[] results = {
      vcenters.test(t.vcenter()),
      datacenters.test(t.datacenter() == null ? null : t.datacenter().name()),
      clusters.testAny(t.clusters()),
      hosts.testAny(t.hosts()),
      datastores.testAny(t.datastores()),
      vms.test(t.kind() == Target.Kind.VM ? t.name() : null),
    };
    boolean any = false;
    for (Boolean r : results) {
      if (r == null) {
        continue; // dimension not given
      }
      if (all && !r) {
        return false;
      }
      any |= r;
    }
    return all || any;
  }

  /** The patterns of one dimension; test answers null when the dimension is not given. */
  private record Names(List<Pattern> patterns) {

    static Names of(List<String> globs) {
      return new Names(globs.stream().map(Scope::glob).toList());
    }

    Boolean test(String name) {
      if (patterns.isEmpty()) {
        return null;
      }
      return name != null && patterns.stream().anyMatch(p -> p.matcher(name).matches());
    }

    Boolean testAny(List<Target.Ref> refs) {
      if (patterns.isEmpty()) {
        return null;
      }
      for (Target.Ref r : refs) {
        if (r.name() != null && Boolean.TRUE.equals(test(r.name()))) {
          return true;
        }
      }
      return false;
    }
  }

  /** A name pattern of a scope: {@code *} any run of characters, {@code ?} one; everything else literally. */
  public static Pattern glob(String glob) {
    StringBuilder regex = new StringBuilder();
    for (String part : glob.split("(?=[*?])|(?<=[*?])")) {
      switch (part) {
        case "*" -> regex.append(".*");
        case "?" -> regex.append('.');
        default -> regex.append(Pattern.quote(part));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }
}
