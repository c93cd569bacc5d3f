package dev.vscope.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vscope.store.prom.PrometheusStoreConfig;
import dev.vscope.vim.VcenterTls;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads {@code vscope.yml} into a {@link VscopeConfig}, rejecting unknown keys (a typo must not be
 * silently ignored) and checking every value, so that a started vscope has a valid configuration.
 */
public final class ConfigLoader {

  private ConfigLoader() {}

  /** Loads a file; a missing file is an empty configuration only when {@code optional}. */
  public static VscopeConfig load(Path file, boolean optional) {
    String yaml;
    try {
      yaml = Files.readString(file);
    } catch (NoSuchFileException e) {
      if (optional) {
        return VscopeConfig.defaults();
      }
      throw new ConfigException("configuration file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new ConfigException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return parse(yaml, file.toString(), file.toAbsolutePath().getParent());
  }

  /** Parses YAML text; relative paths (passwordFile, caFile) resolve against {@code baseDir}. */
  public static VscopeConfig parse(String yaml, String source, Path baseDir) {
    VscopeConfig config;
    try {
      config = mapper().readValue(yaml.isBlank() ? "{}" : yaml, VscopeConfig.class);
    } catch (UnrecognizedPropertyException e) {
      throw new ConfigException(at(source, yaml, e) + ": unknown key '" + path(e) + "'"
          + " (known here: " + e.getKnownPropertyIds().stream().map(String::valueOf).filter(k -> !k.equals("line")).sorted().collect(Collectors.joining(", ")) + ")", e);
    } catch (JsonMappingException e) {
      if (isSyntaxError(e)) {
        throw new ConfigException(source + ": not valid YAML: " + rootMessage(e).lines().findFirst().orElse(""), e);
      }
      throw new ConfigException(at(source, yaml, e) + ": wrong value at '" + path(e) + "': " + rootMessage(e), e);
    } catch (JsonProcessingException e) {
      throw new ConfigException(source + ": not valid YAML: " + e.getOriginalMessage(), e);
    }
    if (config == null) {
      config = VscopeConfig.defaults();
    }
    return validate(config, source, baseDir);
  }

  private static VscopeConfig validate(VscopeConfig c, String source, Path baseDir) {
    List<VcenterConfig> vcenters = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < c.vcenters().size(); i++) {
      VcenterConfig v = c.vcenters().get(i);
      String where = source + ": vcenters[" + i + "]";
      if (v == null) {
        throw new ConfigException(where + " is empty", null);
      }
      if (v.name() == null || !v.name().matches("[a-z0-9-]{1,63}")) {
        throw new ConfigException(where + ".name must match [a-z0-9-]+ (it prefixes entity ids)", null);
      }
      if (!names.add(v.name())) {
        throw new ConfigException(where + ".name '" + v.name() + "' is used twice", null);
      }
      require(v.url(), where + ".url");
      URI url;
      try {
        url = URI.create(v.url());
      } catch (IllegalArgumentException e) {
        throw new ConfigException(where + ".url is not a URL: " + v.url(), e);
      }
      if (!"https".equals(url.getScheme()) || url.getHost() == null) {
        throw new ConfigException(where + ".url must be an https:// URL such as https://vcenter.example.com/sdk", null);
      }
      require(v.username(), where + ".username");
      String password = v.password();
      if (v.passwordFile() != null) {
        if (password != null) {
          throw new ConfigException(where + ": set password or passwordFile, not both", null);
        }
        Path pf = baseDir == null ? v.passwordFile() : baseDir.resolve(v.passwordFile());
        try {
          password = Files.readString(pf).strip();
        } catch (IOException e) {
          throw new ConfigException(where + ".passwordFile " + pf + " cannot be read: " + e.getClass().getSimpleName(), e);
        }
      }
      require(password, where + ".password (or passwordFile)");
      if (v.thumbprint() != null) {
        try {
          VcenterTls.normalizeThumbprint(v.thumbprint());
        } catch (IllegalArgumentException e) {
          throw new ConfigException(where + ".thumbprint: " + e.getMessage(), e);
        }
      }
      if (v.caFile() != null && !Files.isReadable(baseDir == null ? v.caFile() : baseDir.resolve(v.caFile()))) {
        throw new ConfigException(where + ".caFile " + v.caFile() + " cannot be read", null);
      }
      VcenterConfig resolved = v.withPassword(password);
      if (v.caFile() != null && baseDir != null) {
        resolved = resolved.withCaFile(baseDir.resolve(v.caFile()));
      }
      vcenters.add(resolved);
    }
    Duration interval = c.collector().interval();
    if (interval.compareTo(Duration.ofSeconds(20)) < 0) {
      throw new ConfigException(source + ": collector.interval must be at least 20s (vCenter's realtime sample)", null);
    }
    if (c.collector().concurrency() < 1 || c.collector().concurrency() > 64) {
      throw new ConfigException(source + ": collector.concurrency must be between 1 and 64", null);
    }
    if (c.collector().pageSize() < 10 || c.collector().pageSize() > 10_000) {
      throw new ConfigException(source + ": collector.pageSize must be between 10 and 10000", null);
    }
    for (ThresholdsConfig.Level l : List.of(c.thresholds().cpu(), c.thresholds().mem(), c.thresholds().cpuReady(),
        c.thresholds().datastoreUsed(), c.thresholds().latency())) {
      if (l.warning() < 0 || l.critical() < l.warning()) {
        throw new ConfigException(source + ": thresholds: each critical level must be at least its warning level, both positive", null);
      }
    }
    if (c.server().certificate() != null) {
      Path cert = baseDir == null ? c.server().certificate() : baseDir.resolve(c.server().certificate());
      if (!Files.isReadable(cert)) {
        throw new ConfigException(source + ": server.certificate " + cert + " cannot be read", null);
      }
      if (c.server().key() == null && c.server().keystorePassword() == null) {
        throw new ConfigException(source + ": server.certificate needs server.key (PEM) or server.keystorePassword (PKCS#12)", null);
      }
    }
    if (c.auth().idleTimeout().compareTo(c.auth().absoluteTimeout()) > 0) {
      throw new ConfigException(source + ": auth.idleTimeout must not be longer than auth.absoluteTimeout", null);
    }
    if (c.server().port() < 0 || c.server().port() > 65_535) {
      throw new ConfigException(source + ": server.port must be between 0 and 65535", null);
    }
    try {
      AddressPatterns.parse(c.server().trustedProxies());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(source + ": server.trustedProxies: " + e.getMessage(), null);
    }
    ServerConfig server = c.server();
    if (baseDir != null && server.certificate() != null) {
      server = new ServerConfig(server.bind(), server.port(), baseDir.resolve(server.certificate()),
          server.key() == null ? null : baseDir.resolve(server.key()), server.keystorePassword(), server.plainHttp(), server.trustedProxies());
    }
    StorageConfig storage = c.storage();
    if (storage.type() == StorageConfig.Type.PROMETHEUS) {
      PrometheusStoreConfig p = storage.prometheus();
      if (p == null) {
        throw new ConfigException(source + ": storage.type prometheus needs a storage.prometheus block (writeUrl, readUrl)", null);
      }
      if (p.bufferPath().equals(PrometheusStoreConfig.DEFAULT_BUFFER_PATH)) {
        // the buffer lives in the data directory unless placed elsewhere
        storage = new StorageConfig(storage.path(), storage.retention(), storage.type(), new PrometheusStoreConfig(p.writeUrl(),
            p.readUrl(), p.bearerToken(), p.username(), p.password(), storage.path().resolve("prometheus-buffer"), p.timeout()));
      }
    }
    MetricsConfig metrics = c.metrics();
    if (metrics.tokenFile() != null) {
      if (metrics.token() != null) {
        throw new ConfigException(source + ": set metrics.token or metrics.tokenFile, not both", null);
      }
      Path tf = baseDir == null ? metrics.tokenFile() : baseDir.resolve(metrics.tokenFile());
      try {
        metrics = new MetricsConfig(Files.readString(tf).strip(), metrics.tokenFile());
      } catch (IOException e) {
        throw new ConfigException(source + ": metrics.tokenFile " + tf + " cannot be read", e);
      }
    }
    if (metrics.token() != null && metrics.token().length() < 16) {
      throw new ConfigException(source + ": metrics.token must be at least 16 characters", null);
    }
    HealthConfig health = c.health();
    if (health.cpuReadyPercent() < 0 || health.cpuReadyPercent() > 100) {
      throw new ConfigException(source + ": health.cpuReadyPercent must be between 0 and 100", null);
    }
    if (health.datastoreUsedPercent() < 0 || health.datastoreUsedPercent() > 100) {
      throw new ConfigException(source + ": health.datastoreUsedPercent must be between 0 and 100", null);
    }
    if (health.datastoreProvisionedPercent() < 0) {
      throw new ConfigException(source + ": health.datastoreProvisionedPercent must be at least 0", null);
    }
    if (health.snapshotDays() < 0) {
      throw new ConfigException(source + ": health.snapshotDays must be at least 0", null);
    }
    EventsConfig events = c.events();
    if (events.retention().compareTo(Duration.ofDays(1)) < 0) {
      throw new ConfigException(source + ": events.retention must be at least 1d", null);
    }
    if (events.pageSize() < 1 || events.pageSize() > 1000) {
      throw new ConfigException(source + ": events.pageSize must be between 1 and 1000", null);
    }
    if (events.pagesPerCycle() < 1 || events.pagesPerCycle() > 1000) {
      throw new ConfigException(source + ": events.pagesPerCycle must be between 1 and 1000", null);
    }
    AlertsConfig alerts = AlertsChecks.check(c.alerts(), source, baseDir, names);
    return new VscopeConfig(vcenters, c.collector(), server, storage, c.thresholds(), c.auth(), metrics, health, events, alerts);
  }

  /**
   * {@code source:line}, as compilers name a place: the line of the key the error is about. (The
   * parser's own location is no help there: it reports an unknown key of a record at the end of
   * the block, having read the whole block first.)
   */
  private static String at(String source, String yaml, JsonMappingException e) {
    StringBuilder pointer = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      pointer.append('/').append(r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()));
    }
    Integer line = YamlLines.of(yaml).get(pointer.toString());
    return line == null ? source : source + ":" + line;
  }

  private static void require(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new ConfigException(what + " is required", null);
    }
  }

  private static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static boolean isSyntaxError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof com.fasterxml.jackson.core.JsonParseException || t instanceof org.yaml.snakeyaml.error.YAMLException) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t instanceof JsonProcessingException j ? j.getOriginalMessage() : t.getMessage();
  }

  /** Reads a {@link Located} block as usual, then gives it the line its first token is on. */
  private static final class LineDeserializer extends DelegatingDeserializer {
    LineDeserializer(JsonDeserializer<?> delegate) {
      super(delegate);
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
      return new LineDeserializer(newDelegatee);
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      int line = p.currentTokenLocation().getLineNr();
      Object value = _delegatee.deserialize(p, ctx);
      return value instanceof Located located ? located.atLine(line) : value;
    }
  }

  static ObjectMapper mapper() {
    SimpleModule durations = new SimpleModule();
    durations.addDeserializer(Duration.class, new JsonDeserializer<>() {
      @Override
      public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
        try {
          return DurationText.parse(p.getValueAsString());
        } catch (IllegalArgumentException e) {
          throw JsonMappingException.from(p, e.getMessage(), e);
        }
      }
    });
    durations.addDeserializer(Path.class, new JsonDeserializer<>() {
      @Override
      public Path deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
        return Path.of(p.getValueAsString());
      }
    });
    // blocks that remember their line, for the checks made after parsing (alert rules)
    durations.setDeserializerModifier(new BeanDeserializerModifier() {
      @Override
      public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription bean, JsonDeserializer<?> deserializer) {
        return Located.class.isAssignableFrom(bean.getBeanClass()) ? new LineDeserializer(deserializer) : deserializer;
      }
    });
    return new ObjectMapper(new YAMLFactory())
        .registerModule(durations)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }
}
