package portcullis.server.http;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import portcullis.core.Dialect;
import portcullis.core.RoutePolicy;
import portcullis.core.Scheme;
import portcullis.core.crypto.SecretBox;
import portcullis.core.store.PasswordListeners;
import portcullis.core.store.Store;
import portcullis.server.CachingDirectory;
import portcullis.server.SchemeRegistry;
import portcullis.server.cluster.Channel;
import portcullis.server.redis.RedisChannel;
import portcullis.server.cluster.Invalidations;
import portcullis.server.admin.AdminApi;
import portcullis.server.config.ConfigException;
import portcullis.server.config.Settings;
import portcullis.core.Admission;
import portcullis.core.replay.ReplayStore;
import portcullis.core.tokens.TokenResolvers;
import portcullis.server.MemoryReplayStore;
import portcullis.server.DirectoryRunner;
import portcullis.server.PasswordChecks;
import portcullis.server.redis.RedisConnection;
import portcullis.server.redis.RedisReplayStore;
import portcullis.server.module.GatewayModule;
import portcullis.server.module.ModuleContext;
import portcullis.server.module.Modules;
import portcullis.store.jdbc.Database;
import portcullis.store.jdbc.JdbcStore;

/**
 * One running gateway: the store, the caches, Vert.x with one HTTP server per event loop, the admin
 * API and the configured routes. {@link #start} returns once the port is bound; {@link #close}
 * stops accepting, lets requests in flight finish (up to 10 s) and closes the store.
 */
public final class PortcullisServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PortcullisServer.class);
  private final Settings settings;
  private final Store store;
  private final CachingDirectory directory;
  private final Vertx vertx;
  private final WorkerExecutor worker;
  private final OwnEndpoints endpoints;
  private final AdminApi admin;
  private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
  private final List<Upstream> upstreams = new ArrayList<>();
  private final List<GatewayModule> modules = new ArrayList<>();
  private final ReplayStore replay;
  private final RedisConnection redis; // null without redis.url
  private final Metrics metrics = new Metrics();
  private final PasswordChecks passwordChecks;
  private final Bodies bodies;
  private final DirectoryRunner runner;
  private final TokenResolvers tokens = new TokenResolvers();
  private final PasswordListeners passwords = new PasswordListeners();
  private final int port;
  private final Invalidations invalidations;
  private final Channel channel;
  private final portcullis.server.limits.Limiters limiters;
  private final java.util.IdentityHashMap<RoutePolicy, portcullis.core.store.RateLimit> routeLimits = new java.util.IdentityHashMap<>();
  private final portcullis.server.portal.UsageCounters usage;
  private Observer observer; // null until the listener is set up
  private final portcullis.server.audit.AuditTrail audit;
  private Tracing tracing; // null until the listener is set up
  private portcullis.server.portal.Portal portal;
  private volatile boolean closed;
  private final TlsCertificates tls; // null without listen.tls
  private HttpServer redirectServer; // listen.redirectHttpPort

  private PortcullisServer(Settings settings, InstantSource clock, Channel channel) {
    this.settings = settings;
    // first: bad certificate files stop start-up before anything is opened
    this.tls = settings.transport().tls() == null ? null : new TlsCertificates(settings.transport().tls());
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(settings.eventLoops()).setWorkerPoolSize(4)
        .setPreferNativeTransport(true)); // epoll where its native library loads (Linux x86-64), NIO otherwise
    vertx.exceptionHandler(Fatal::handle);
    if (!vertx.isNativeTransportEnabled()) {
      LOG.debug("native transport unavailable, using NIO: {}", String.valueOf(vertx.unavailableNativeTransportCause()));
    }
    this.redis = settings.redis() == null ? null : connectRedis(vertx, settings.redis());
    // with redis.url, cache invalidations travel on Redis pub/sub unless a channel is given (tests)
    this.channel = channel != null ? channel : redis != null ? new RedisChannel(redis) : null;
    this.invalidations = this.channel == null ? Invalidations.local(metrics.registry())
        : Invalidations.over(this.channel, metrics.registry());
    SchemeRegistry registry = new SchemeRegistry(settings.modules());
    SecretBox box = new SecretBox(settings.masterKey());
    Database database = new Database(settings.store());
    this.store = new JdbcStore(database, box);
    Settings.Limits limits = settings.limits();
    // with Redis every node shares the counters (one round trip per decision), else they live here
    this.limiters = redis == null ? portcullis.server.limits.Limiters.local(limits, clock, metrics.registry())
        : new portcullis.server.limits.Limiters(
            new portcullis.server.redis.RedisFailedLogins(redis, limits.failedLogins(), clock, invalidations),
            new portcullis.server.redis.RedisRateLimiter(redis, clock, limits.expectedNodes(), metrics.registry()),
            limits, clock, metrics.registry());
    vertx.setPeriodic(5000, id -> limiters.sweep());
    this.directory = new CachingDirectory(store, settings.entityTtl(), settings.credentialTtl(), settings.cacheMaximumSize(),
        invalidations).monitored(new portcullis.server.CacheMeters(metrics.registry()));
    this.passwordChecks = new PasswordChecks(limits.maxConcurrentPasswordChecks(), limits.maxQueuedPasswordChecks());
    this.bodies = new Bodies(vertx, limits.maxBufferedBytes(), limits.bodyTimeout().toMillis());
    this.worker = vertx.createSharedWorkerExecutor("portcullis-blocking", settings.workerPoolSize(), 60, TimeUnit.SECONDS);
    this.runner = new DirectoryRunner(vertx, directory, worker, passwordChecks, metrics::slowPath);
    TrustedProxies proxies = new TrustedProxies(limits.trustedProxies());
    ClientTransport transport = new ClientTransport(proxies, settings.transport().allowPlaintextCredentials(),
        settings.transport().clientCertificateHeader());
    this.endpoints = new OwnEndpoints(Router.router(vertx), proxies, transport);
    java.nio.file.Path auditFile = settings.observability().auditFile();
    this.audit = auditFile == null ? portcullis.server.audit.AuditTrail.NONE
        : new portcullis.server.audit.AuditTrail(portcullis.server.audit.AuditLog.open(auditFile, java.time.Clock.systemUTC()),
            directory.store(), worker, proxies::clientAddress);
    this.admin = new AdminApi(vertx, directory, worker, settings, passwords, bodies, audit);
    java.util.concurrent.atomic.AtomicBoolean storeUp = new java.util.concurrent.atomic.AtomicBoolean(true);
    metrics.storeUp(storeUp::get);
    vertx.setPeriodic(1000, id -> worker.executeBlocking(() -> {
      store.ping();
      return true;
    }, false).onComplete(ar -> storeUp.set(ar.succeeded())));
    if (redis != null) {
      metrics.redisUp(redis::isUp);
    } else if (settings.store().isPostgres()) {
      LOG.warn("PostgreSQL store without redis.url: replay protection and cache invalidation are per node"
          + " (a nonce used on one node can be replayed on another); set redis.url to share them");
    }
    ReplayStore replayStore;
    if (redis == null) {
      MemoryReplayStore memory = new MemoryReplayStore(settings.replayCacheSize(), clock);
      metrics.replayStoreFill(memory);
      long full = settings.replayCacheSize() * 24;
      if (full > Runtime.getRuntime().maxMemory() / 2) {
        LOG.warn("replayCacheSize {} needs up to {} MiB of heap when full, over half of the {} MiB heap (-Xmx)",
            settings.replayCacheSize(), full >> 20, Runtime.getRuntime().maxMemory() >> 20);
      }
      replayStore = memory;
    } else {
      replayStore = new RedisReplayStore(redis);
    }
    this.replay = metrics.timed(replayStore);
    try {
      for (Modules.Entry e : settings.modules().entries()) {
        GatewayModule m = e.factory().get();
        m.install(new ModuleContext(settings, settings.schemeOptions(e.id()), vertx, worker, database, box, directory,
            replay, registry, endpoints.router(), endpoints::claim, admin.router(), tokens, passwords, clock, bodies, passwordChecks, runner,
            invalidations, limiters, audit));
        modules.add(m);
      }
      // per-client counts for the portal's usage charts: shared in Redis on a cluster, else this node's
      this.usage = redis != null ? new portcullis.server.redis.RedisUsageCounters(vertx, redis, clock)
          : new portcullis.server.portal.MemoryUsageCounters(clock, settings.cacheMaximumSize());
      installPortal(settings, clock, database, box, registry);
    } catch (RuntimeException e) {
      closeQuietly();
      throw e;
    }
    new portcullis.server.admin.LimitsAdmin(directory, worker, limiters).install(admin.router());
    admin.finish();
    endpoints.finish();
    RouteTable table;
    try {
      table = buildRoutes(registry);
    } catch (RuntimeException e) {
      closeQuietly();
      throw e;
    }
    this.port = settings.port() == 0 ? freePort() : settings.port();
    HttpServerOptions options = new HttpServerOptions().setHost(settings.host()).setPort(port)
        .setMaxHeaderSize(settings.maxHeaderBytes()).setMaxInitialLineLength(Math.max(4096, settings.maxHeaderBytes()))
        .setIdleTimeout((int) limits.idleTimeout().toSeconds()).setTcpNoDelay(true).setReuseAddress(true)
        // h2c off by default: its protocol detection waits for the first bytes before any connection
        // handler runs, so silent connections would escape limits.maxConnections and the first-request timeout
        .setHttp2ClearTextEnabled(settings.http2Cleartext()); // 100-continue: Bodies answers it once the body is wanted
    if (tls != null) {
      tls.apply(options); // TLS 1.3 and 1.2, h2 over ALPN beside HTTP/1.1
    }
    Settings.Observability seen = settings.observability();
    tracing = seen.otlpEndpoint() == null ? Tracing.propagateOnly() : Tracing.exporting(seen.otlpEndpoint(), seen.serviceName());
    observer = new Observer(metrics, audit, AccessLog.open(settings.observability().accessStdout(),
        settings.observability().accessFile(), proxies));
    InvalidRequests invalid = new InvalidRequests(settings.maxHeaderBytes(), options.getMaxInitialLineLength(), observer);
    ConnectionLimits connections = new ConnectionLimits(vertx, limits.maxConnections(), limits.maxConnectionsPerIp(),
        limits.firstRequestTimeout().toMillis(), proxies);
    // before the claims: the nonce quota (a refusal burns no nonce); after: the route's scopes, then its rate limit
    // (so a replayed request never counts); audit and per-client metrics go here too
    var rateLimits = new portcullis.server.limits.RateLimits(limiters, routeLimits, this::ownRateLimit, limits.legacyRateLimitHeaders());
    Admission admission = new Admission(replay, List.of(new portcullis.server.limits.NonceQuota(limiters, limits.noncesPerClient())),
        afterAuthentication(rateLimits));
    Authenticator authenticator = new Authenticator(vertx, runner, admission, limiters);
    GatewayHandler handler = new GatewayHandler(table, directory, worker, admin.router(), endpoints, settings.maxBodyBytes(), metrics,
        authenticator, bodies, proxies, connections, Hop.of(settings.modules()), redis, observer, tracing)
        .transport(transport, tls == null ? null : settings.transport().tls().hsts());
    observer.countUsage(usage);
    try {
      vertx.deployVerticle(() -> new VerticleBase() {
        @Override
        public Future<?> start() {
          return vertx.createHttpServer(options).connectionHandler(conn -> {
            connections.handle(conn);
            Http1Guard.install(conn);
          }).requestHandler(handler).invalidRequestHandler(invalid).listen()
              .onSuccess(s -> {
                servers.add(s);
                if (tls != null) {
                  tls.serving(s);
                }
              });
        }
      }, new DeploymentOptions().setInstances(settings.eventLoops())).toCompletionStage().toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      closeQuietly();
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new ConfigException("cannot listen on " + settings.host() + ":" + port + ": " + cause.getMessage()
          + (cause instanceof java.net.BindException ? " (is another process using the port? choose one with --port)" : ""), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeQuietly();
      throw new ConfigException("interrupted while starting", e);
    }
    if (tls != null) {
      tls.watch(vertx, metrics.registry());
    }
    if (settings.transport().redirectHttpPort() != 0) {
      listenRedirect(settings.transport().redirectHttpPort());
    }
  }

  /** The route's scopes, then every module's own steps (mtls.bind), then the rate limit. */
  private List<portcullis.core.AfterAuthentication> afterAuthentication(portcullis.core.AfterAuthentication rateLimits) {
    List<portcullis.core.AfterAuthentication> steps = new ArrayList<>(List.of(portcullis.core.RequiredScopes.INSTANCE));
    modules.forEach(m -> steps.addAll(m.afterAuthentication()));
    steps.add(rateLimits);
    return List.copyOf(steps);
  }

  /**
   * {@code listen.redirectHttpPort}: plain HTTP answered 308 to the same target over HTTPS (on
   * {@code listen.port}), nothing else; {@code /healthz} answers there too, for load balancers.
   */
  private void listenRedirect(int redirectPort) {
    HttpServerOptions o = new HttpServerOptions().setHost(settings.host()).setPort(redirectPort).setIdleTimeout(30)
        .setMaxHeaderSize(settings.maxHeaderBytes()).setReuseAddress(true);
    try {
      redirectServer = vertx.createHttpServer(o).requestHandler(req -> {
        var resp = req.response().putHeader(io.vertx.core.http.HttpHeaders.DATE, HttpDate.now());
        if ("/healthz".equals(req.path())) {
          resp.putHeader(H.CONTENT_TYPE, H.JSON).end("{\"status\":\"ok\"}");
          return;
        }
        String host = req.authority() == null ? settings.host() : req.authority().host();
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
          host = "[" + host + "]";
        }
        String location = "https://" + host + (port == 443 ? "" : ":" + port) + req.uri();
        if (req.uri().isEmpty() || req.uri().charAt(0) != '/' || Paths.targetRefusal(req.path(), req.query()) != null) {
          Responses.plain(resp, 400, "Bad Request", "Use HTTPS on port " + port + ".", GatewayHandler.newReference());
          return;
        }
        resp.setStatusCode(308).putHeader("Location", location).putHeader("Connection", "close").end();
      }).listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      LOG.info("plain HTTP on {}:{} redirects to HTTPS on port {}", settings.host(), redirectPort, port);
    } catch (Exception e) {
      close();
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      throw new ConfigException("cannot listen on " + settings.host() + ":" + redirectPort + " (listen.redirectHttpPort): "
          + cause.getMessage(), cause);
    }
  }

  /** The TLS material in use (reload with {@code tls().reload(true)}), or null without {@code listen.tls}. */
  public TlsCertificates tls() {
    return tls;
  }

  /** The developer portal under /developers, sharing the OAuth 1.0a pages' sessions (docs/portal.md). */
  private void installPortal(Settings settings, InstantSource clock, Database database, SecretBox box, SchemeRegistry registry) {
    portcullis.server.oauth1.OAuth1Pages pages = modules.stream().filter(m -> m instanceof portcullis.server.oauth1.OAuth1Module)
        .map(m -> ((portcullis.server.oauth1.OAuth1Module) m).pages()).findFirst().orElse(null);
    if (pages == null) {
      LOG.info("the developer portal needs the oauth1 module (its sessions); /developers is not served");
      return;
    }
    ModuleContext context = new ModuleContext(settings, java.util.Map.of(), vertx, worker, database, box, directory, replay, registry,
        endpoints.router(), endpoints::claim, admin.router(), tokens, passwords, clock, bodies, passwordChecks, runner, invalidations,
        limiters, audit);
    // the app page's "Client certificates" only with the mtls module (its store, its invalidation)
    portcullis.server.mtls.CertificateStore certificates = modules.stream().filter(m -> m instanceof portcullis.server.mtls.MtlsModule)
        .map(m -> ((portcullis.server.mtls.MtlsModule) m).certificates()).findFirst().orElse(null);
    this.portal = portcullis.server.portal.Portal.install(context, pages, usage,
        portcullis.server.portal.SignInThrottle.of(limiters.failedLogins(), directory), null, certificates, this::port);
  }

  /** Requests per client by hour and outcome (the portal's usage charts). */
  public portcullis.server.portal.UsageCounters usage() {
    return usage;
  }

  /**
   * Connects to Redis, waiting up to two command timeouts for the first connection: a Redis down at
   * start-up does not stop the gateway (single-use checks answer 503 and {@code /readyz} says
   * {@code "redis":"down"} until it is reachable; the connection keeps trying).
   */
  private static RedisConnection connectRedis(Vertx vertx, Settings.Redis settings) {
    RedisConnection r = RedisConnection.open(vertx, settings);
    try {
      r.started().toCompletionStage().toCompletableFuture().get(RedisConnection.COMMAND_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("redis {} is not reachable at start-up; single-use checks answer 503 until it is", settings.safeUrl());
    }
    return r;
  }

  /**
   * Starts a gateway with the modules its settings were checked against ({@link Settings#modules()}:
   * the built-in ones unless the {@link portcullis.server.config.ConfigLoader} was given others).
   */
  public static PortcullisServer start(Settings settings) {
    return new PortcullisServer(settings, InstantSource.system(), null);
  }

  /** Starts a gateway whose modules read time from {@code clock} (tests move it). */
  public static PortcullisServer start(Settings settings, InstantSource clock) {
    return new PortcullisServer(settings, clock, null);
  }

  /**
   * Starts a cluster node: its writes are announced on {@code channel} and other nodes' heard there
   * ({@link Invalidations}); the server closes the channel when it closes. Null: a single node.
   */
  public static PortcullisServer start(Settings settings, InstantSource clock, Channel channel) {
    return new PortcullisServer(settings, clock, channel);
  }

  private RouteTable buildRoutes(SchemeRegistry registry) {
    Map<String, Upstream> byUrl = new HashMap<>();
    SampleUpstream sample = new SampleUpstream();
    List<RouteTable.Route> routes = new ArrayList<>();
    int i = 0;
    for (Settings.RouteSpec r : settings.routes()) {
      String at = "routes[" + i++ + "] (" + r.name() + ")";
      List<Scheme> schemes = new ArrayList<>();
      for (String id : new LinkedHashSet<>(r.schemes())) {
        schemes.add(registry.scheme(id, at));
      }
      Dialect dialect = registry.dialect(r.dialect(), r.schemes().get(0), at);
      List<Scheme> challengeOrder = null;
      if (r.challenges() != null) {
        challengeOrder = new ArrayList<>();
        for (String id : r.challenges()) {
          challengeOrder.add(registry.scheme(id, at));
        }
      }
      RoutePolicy policy = new RoutePolicy(r.name(), schemes,
          r.clientKeyRequired() ? RoutePolicy.ClientKeyMode.REQUIRED : RoutePolicy.ClientKeyMode.NONE,
          r.scopes(), dialect, settings.realm(), r.options(), challengeOrder);
      Upstream up = r.upstream().equals("sample") ? sample : byUrl.computeIfAbsent(r.upstream(), u -> {
        Upstream h = new HttpUpstream(vertx, u);
        upstreams.add(h);
        return h;
      });
      routes.add(RouteTable.compile(r.name(), r.path(), r.methods(), policy, up));
      if (r.rateLimit() != null) {
        routeLimits.put(policy, r.rateLimit());
      }
    }
    return new RouteTable(routes);
  }

  /** A client's own rate limit, when its record is in the cache (the schemes that read the client just loaded it). */
  private portcullis.core.store.RateLimit ownRateLimit(String clientKey) {
    try {
      return directory.nonBlocking().client(clientKey).map(portcullis.core.store.Client::rateLimit).orElse(null);
    } catch (portcullis.core.Directory.WouldBlock e) {
      return null;
    }
  }

  /** The limits this node enforces (throttles, rate limits), for the admin API. */
  public portcullis.server.limits.Limiters limiters() {
    return limiters;
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new ConfigException("cannot find a free port: " + e.getMessage(), e);
    }
  }

  public int port() {
    return port;
  }

  public Settings settings() {
    return settings;
  }

  public Store store() {
    return store;
  }

  public CachingDirectory directory() {
    return directory;
  }

  public Vertx vertx() {
    return vertx;
  }

  public WorkerExecutor worker() {
    return worker;
  }

  /** Gateway-owned endpoints (token endpoints, pages), mounted before route matching. */
  public OwnEndpoints endpoints() {
    return endpoints;
  }

  public AdminApi admin() {
    return admin;
  }

  public TokenResolvers tokens() {
    return tokens;
  }

  /** Listeners to tell whenever a password is set outside the admin API (the demo's seeding). */
  public PasswordListeners passwords() {
    return passwords;
  }

  /** The reader of request bodies, with the bytes it holds across all connections. */
  public Bodies bodies() {
    return bodies;
  }

  public ReplayStore replay() {
    return replay;
  }

  /** What writes announce and caches follow (local only without a channel). */
  public Invalidations invalidations() {
    return invalidations;
  }

  /** The link to Redis (commands, pub/sub), or null without {@code redis.url}. */
  public RedisConnection redis() {
    return redis;
  }

  /** The installed modules, in installation order. */
  public List<GatewayModule> modules() {
    return List.copyOf(modules);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (tls != null) {
      tls.close();
    }
    List<Future<Void>> stops = new ArrayList<>();
    if (redirectServer != null) {
      stops.add(redirectServer.close());
    }
    for (HttpServer s : servers) {
      stops.add(s.shutdown(10, TimeUnit.SECONDS));
    }
    try {
      Future.join(stops).toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("shutdown: some requests did not finish in time: {}", e.toString());
    }
    closeQuietly();
  }

  private void closeQuietly() {
    upstreams.forEach(Upstream::close);
    modules.forEach(GatewayModule::close);
    if (portal != null) {
      portal.close();
    }
    if (usage instanceof portcullis.server.redis.RedisUsageCounters r) {
      r.flush();
      r.close();
    }
    invalidations.close(); // no more heartbeats
    if (channel != null) {
      channel.close();
    }
    if (redis != null) {
      redis.close();
    }
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("shutdown: Vert.x did not close cleanly: {}", e.toString());
    }
    store.close();
    passwordChecks.close();
    if (observer != null) {
      observer.close(); // after Vert.x: every answered request's line is queued
    }
    audit.close();
    if (tracing != null) {
      tracing.close(); // the last spans exported
    }
  }
}
