package portcullis.server.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import portcullis.core.crypto.Crypto;
import portcullis.server.module.GatewayModule;
import portcullis.server.module.Modules;
import portcullis.store.jdbc.JdbcStoreConfig;

/**
 * Reads the YAML configuration, substitutes {@code ${ENV_VAR}} references, applies environment
 * overrides ({@code PORTCULLIS_MASTER_KEY}, {@code PORTCULLIS_ADMIN_TOKEN}, {@code
 * PORTCULLIS_STORE_URL}, {@code PORTCULLIS_STORE_USERNAME}, {@code PORTCULLIS_STORE_PASSWORD}, {@code PORTCULLIS_REDIS_URL}, {@code
 * PORTCULLIS_REDIS_PASSWORD}) and
 * validates everything eagerly.
 */
public final class ConfigLoader {
  private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  private final Map<String, String> env;
  private final Modules modules;
  private final RouteChecks routeChecks;

  /** A loader for the built-in modules ({@link Modules#builtIn()}). */
  public ConfigLoader(Map<String, String> env) {
    this(env, Modules.builtIn());
  }

  /**
   * A loader that checks the configuration against {@code modules}: the scheme ids, dialects and
   * route options their schemes declare, and each module's {@code schemes:} section. The settings
   * it returns carry them, so the server installs exactly these.
   */
  public ConfigLoader(Map<String, String> env, Modules modules) {
    this.env = env;
    this.modules = modules;
    this.routeChecks = new RouteChecks(modules);
  }

  /** Overrides given on the command line; null fields leave the file's value. */
  public record Overrides(String host, Integer port, String dataDir, String adminToken) {
    public static final Overrides NONE = new Overrides(null, null, null, null);
  }

  public Settings load(Path file, Overrides overrides) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
    }
    return parse(text, file.toString(), overrides);
  }

  public Settings loadResource(String resource, Overrides overrides) {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new ConfigException("missing built-in config " + resource);
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource, overrides);
    } catch (IOException e) {
      throw new ConfigException("cannot read built-in config " + resource, e);
    }
  }

  /** Parses configuration text; {@code source} names it in error messages. */
  public Settings parse(String yaml, String source, Overrides o) {
    // a key given twice in one mapping is refused, not settled silently by "last one wins" (not
    // YAMLFactory.builder(): it leaves EMPTY_STRING_AS_NULL off, so "key:" would read as "", not null)
    ObjectMapper mapper = new ObjectMapper(new YAMLFactory().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature()))
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    GatewayConfig c;
    try {
      c = mapper.readValue(substitute(yaml, source), GatewayConfig.class);
    } catch (JsonProcessingException e) {
      throw problem(source, e);
    } catch (IOException e) {
      throw new ConfigException(source + ": cannot read: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (c == null) {
      throw new ConfigException(source + ": the file is empty");
    }
    return validate(c, o);
  }

  /** The message for text Jackson could not read: the field path, or the line (never a stack trace). */
  private static ConfigException problem(String source, JsonProcessingException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StreamReadException dup && dup.getOriginalMessage() != null && dup.getOriginalMessage().startsWith("Duplicate field '")) {
        String key = dup.getOriginalMessage().substring("Duplicate field ".length());
        String in = e instanceof JsonMappingException m && !m.getPath().isEmpty() ? " in " + path(m) : "";
        String line = dup.getLocation() == null || dup.getLocation().getLineNr() < 1 ? "" : " at line " + dup.getLocation().getLineNr();
        return new ConfigException(source + ": duplicate key " + key + in + line
            + ": each key may appear once in a mapping; remove one (which one was meant cannot be guessed)");
      }
    }
    if (e instanceof JsonMappingException m) {
      return new ConfigException(source + ": " + m.getOriginalMessage() + " at " + path(m));
    }
    return new ConfigException(source + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
  }

  /** The YAML path of a field Jackson could not bind: {@code routes[0].path}, or "top level". */
  static String path(JsonMappingException e) {
    StringBuilder b = new StringBuilder();
    for (var ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        b.append(b.isEmpty() ? "" : ".").append(ref.getFieldName());
      } else {
        b.append('[').append(ref.getIndex()).append(']');
      }
    }
    return b.isEmpty() ? "top level" : b.toString();
  }

  private String substitute(String yaml, String source) {
    Matcher m = ENV_REF.matcher(yaml);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String v = env.get(m.group(1));
      if (v == null) {
        v = m.group(2);
      }
      if (v == null) {
        throw new ConfigException(source + ": environment variable " + m.group(1) + " is not set (use ${" + m.group(1) + ":-default} for a default)");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(v));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static <T> T or(T v, T fallback) {
    return v == null ? fallback : v;
  }

  static String firstNonBlank(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }

  static int range(String field, int v, int min, int max) {
    if (v < min || v > max) {
      throw new ConfigException(field + " must be between " + min + " and " + max + ", was " + v);
    }
    return v;
  }

  static long range(String field, long v, long min, long max) {
    if (v < min || v > max) {
      throw new ConfigException(field + " must be between " + min + " and " + max + ", was " + v);
    }
    return v;
  }

  private Settings validate(GatewayConfig c, Overrides o) {
    var listen = or(c.listen(), new GatewayConfig.Listen(null, null, null));
    String host = or(o.host(), or(listen.host(), "127.0.0.1"));
    int port = range("listen.port", or(o.port(), or(listen.port(), 8080)), 0, 65535);
    var limits = or(c.limits(), GatewayConfig.Limits.NONE);
    int maxHeader = range("limits.maxHeaderBytes", or(limits.maxHeaderBytes(), 8192), 1024, 1 << 20);
    int maxBody = range("limits.maxBodyBytes", or(limits.maxBodyBytes(), 1 << 20), 0, 256 << 20);
    Path dataDir = Path.of(or(o.dataDir(), or(c.dataDir(), "./data"))).toAbsolutePath().normalize();

    var s = or(c.store(), new GatewayConfig.StoreSection(null, null, null, null));
    String url = firstNonBlank(env.get("PORTCULLIS_STORE_URL"), s.url());
    JdbcStoreConfig store;
    try {
      if (url == null) {
        store = JdbcStoreConfig.embedded(dataDir);
      } else {
        store = new JdbcStoreConfig(url, firstNonBlank(env.get("PORTCULLIS_STORE_USERNAME"), s.username()),
            firstNonBlank(env.get("PORTCULLIS_STORE_PASSWORD"), s.password()), or(s.poolSize(), 16));
      }
    } catch (IllegalArgumentException e) {
      throw new ConfigException("store: " + e.getMessage());
    }

    String masterKey = firstNonBlank(env.get("PORTCULLIS_MASTER_KEY"), c.masterKey());
    if (masterKey == null && store.isPostgres()) {
      throw new ConfigException("masterKey is required with a PostgreSQL store (every node must share it):"
          + " set PORTCULLIS_MASTER_KEY or masterKey; `openssl rand -base64 32` makes one");
    } else if (masterKey != null && masterKey.length() < 16) {
      throw new ConfigException("masterKey must be at least 16 characters, was " + masterKey.length());
    }
    String adminToken = firstNonBlank(o.adminToken(), env.get("PORTCULLIS_ADMIN_TOKEN"), c.adminToken());
    if (adminToken != null && adminToken.length() < 12) {
      throw new ConfigException("adminToken must be at least 12 characters, was " + adminToken.length());
    }
    String realm = or(c.realm(), "Portcullis");
    if (!realm.matches("[\\x20-\\x7e&&[^\"\\\\]]{1,64}")) {
      throw new ConfigException("realm must be 1-64 printable ASCII characters without quotes or backslashes, was " + realm);
    }
    int cores = Runtime.getRuntime().availableProcessors();
    int workers = range("workerPoolSize", or(c.workerPoolSize(), Math.max(4, cores * 4)), 1, 512);
    int loops = range("eventLoops", or(c.eventLoops(), cores), 1, 256);
    var cache = or(c.cache(), new GatewayConfig.CacheSection(null, null, null));
    long credTtl = range("cache.credentialTtlSeconds", or(cache.credentialTtlSeconds(), 300L), 0, 86400);
    long entTtl = range("cache.entityTtlSeconds", or(cache.entityTtlSeconds(), 30L), 0, 3600);
    long maxSize = range("cache.maximumSize", or(cache.maximumSize(), 100_000L), 100, 10_000_000);
    long overlap = range("secretRotationOverlapSeconds", or(c.secretRotationOverlapSeconds(), 86400L), 0, 30 * 86400);

    Map<String, String> scopeDescriptions = ScopesConfig.read(c.scopes());
    Set<String> declared = new LinkedHashSet<>(scopeDescriptions.keySet());
    Map<String, Map<String, Object>> schemeOptions = new LinkedHashMap<>();
    for (var e : or(c.schemes(), Map.<String, Map<String, Object>>of()).entrySet()) {
      if (!modules.ids().contains(e.getKey())) {
        throw new ConfigException("schemes." + e.getKey() + ": unknown scheme (known: " + String.join(", ", modules.ids()) + ")");
      }
      Map<String, Object> opts = or(e.getValue(), Map.<String, Object>of());
      for (var field : opts.entrySet()) {
        if (field.getValue() == null) {
          throw new ConfigException("schemes." + e.getKey() + "." + field.getKey() + " has no value; give one or remove the line");
        }
      }
      schemeOptions.put(e.getKey(), Map.copyOf(opts));
    }
    Set<String> switchedOff = checkModules(schemeOptions);
    if (c.routes() == null || c.routes().isEmpty()) {
      throw new ConfigException("routes: at least one route is required");
    }
    List<Settings.RouteSpec> routes = new ArrayList<>();
    int i = 0;
    for (var r : c.routes()) {
      routes.add(routeChecks.route(r, "routes[" + i++ + "]", declared, switchedOff));
    }
    // default: MemoryReplayStore.TARGET_RATE (30k/s) x its LONGEST_TTL (602 s with the default 300 s windows)
    long replaySize = range("replayCacheSize", or(c.replayCacheSize(), portcullis.server.MemoryReplayStore.DEFAULT_CAPACITY), 1000, 100_000_000);
    Settings.Redis redis = RedisConfig.read(env, or(c.redis(), new GatewayConfig.RedisSection(null, null)));
    if (masterKey == null) {
      masterKey = localMasterKey(dataDir); // the only file configuration makes, once everything else is known to be right
    }
    return new Settings(host, port, maxHeader, maxBody, dataDir, store, masterKey, adminToken, realm, workers, loops,
        Duration.ofSeconds(credTtl), Duration.ofSeconds(entTtl), maxSize, Duration.ofSeconds(overlap),
        java.util.Collections.unmodifiableSet(declared), scopeDescriptions, Map.copyOf(schemeOptions), replaySize, redis, List.copyOf(routes),
        LimitsConfig.read(limits, maxBody, replaySize, or(c.cluster(), new GatewayConfig.ClusterSection(null)), env.get("PORTCULLIS_NONCES_PER_CLIENT")),
        or(listen.http2Cleartext(), false), modules, PortalConfig.read(env, c.portal()), transport(listen, port, c.forwardAuth()),
        LoggingConfig.read(c.logging(), c.tracing(), dataDir));
  }

  private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}");

  /** {@code listen.tls}, {@code listen.redirectHttpPort}, {@code listen.allowPlaintextCredentials}, {@code forwardAuth}. */
  private static Settings.Transport transport(GatewayConfig.Listen listen, int port, GatewayConfig.ForwardAuthSection fa) {
    Settings.Tls tls = null;
    var t = listen.tls();
    if (t != null) {
      if (t.certificate() == null || t.certificate().isBlank() || t.privateKey() == null || t.privateKey().isBlank()) {
        throw new ConfigException("listen.tls needs both certificate and privateKey (PEM files)");
      }
      Path cert = readable("listen.tls.certificate", t.certificate());
      Path key = readable("listen.tls.privateKey", t.privateKey());
      Path ca = t.clientCa() == null ? null : readable("listen.tls.clientCa", t.clientCa());
      String auth = or(t.clientAuth(), ca == null ? "none" : "optional");
      if (!Set.of("none", "optional", "required").contains(auth)) {
        throw new ConfigException("listen.tls.clientAuth must be none, optional or required, was " + auth);
      }
      if (!auth.equals("none") && ca == null) {
        throw new ConfigException("listen.tls.clientAuth " + auth + " needs listen.tls.clientCa (the CAs client certificates chain to)");
      }
      String hsts = t.hsts();
      if (hsts != null && !hsts.matches("max-age=\\d{1,9}(; ?includeSubDomains)?(; ?preload)?")) {
        throw new ConfigException("listen.tls.hsts must be a Strict-Transport-Security value such as"
            + " \"max-age=31536000; includeSubDomains\", was " + hsts);
      }
      int reload = range("listen.tls.reloadSeconds", or(t.reloadSeconds(), 1), 1, 3600);
      tls = new Settings.Tls(cert, key, ca, auth, hsts, Duration.ofSeconds(reload));
    }
    int redirect = range("listen.redirectHttpPort", or(listen.redirectHttpPort(), 0), 0, 65535);
    if (redirect != 0 && tls == null) {
      throw new ConfigException("listen.redirectHttpPort redirects to HTTPS: it needs listen.tls");
    }
    if (redirect != 0 && redirect == port) {
      throw new ConfigException("listen.redirectHttpPort must differ from listen.port, both were " + port);
    }
    String header = fa == null ? null : fa.clientCertificateHeader();
    if (header != null && !HEADER_NAME.matcher(header).matches()) {
      throw new ConfigException("forwardAuth.clientCertificateHeader must be a header name, was " + header);
    }
    return new Settings.Transport(tls, redirect, or(listen.allowPlaintextCredentials(), false), header);
  }

  private static Path readable(String field, String file) {
    Path p = Path.of(file).toAbsolutePath().normalize();
    if (!Files.isReadable(p)) {
      throw new ConfigException(field + ": cannot read " + p);
    }
    return p;
  }


  /**
   * Has every module check its {@code schemes:} section (no side effects); returns the ids of
   * schemes the options switch off.
   */
  private Set<String> checkModules(Map<String, Map<String, Object>> schemeOptions) {
    Set<String> off = new LinkedHashSet<>();
    for (Modules.Entry e : modules.entries()) {
      GatewayModule m = e.factory().get();
      Map<String, Object> options = schemeOptions.getOrDefault(e.id(), Map.of());
      m.checkOptions(options);
      if (!m.enabled(options)) {
        off.add(e.id());
      }
    }
    return off;
  }

  /** Reads {@code DATA/master.key}, creating it (mode 600) with 32 random bytes on first use. */
  static String localMasterKey(Path dataDir) {
    Path file = dataDir.resolve("master.key");
    try {
      if (Files.exists(file)) {
        return Files.readString(file, StandardCharsets.US_ASCII).trim();
      }
      Files.createDirectories(dataDir);
      String key = java.util.Base64.getEncoder().encodeToString(Crypto.randomBytes(32));
      Files.writeString(file, key + "\n", StandardCharsets.US_ASCII);
      if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      }
      org.slf4j.LoggerFactory.getLogger(ConfigLoader.class)
          .warn("generated a master key at {}; back it up: without it stored client secrets cannot be read", file);
      return key;
    } catch (IOException e) {
      throw new ConfigException("cannot read or create the master key file " + file + ": " + e.getMessage(), e);
    }
  }
}
