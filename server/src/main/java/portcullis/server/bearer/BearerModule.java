package portcullis.server.bearer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import portcullis.core.SchemeDescription;
import portcullis.core.dialect.OAuth2Dialect;
import portcullis.core.scheme.bearer.AccessToken;
import portcullis.core.scheme.bearer.BearerConfig;
import portcullis.core.scheme.bearer.BearerScheme;
import portcullis.core.scheme.bearer.KeyRing;
import portcullis.core.scheme.bearer.StoredKey;
import portcullis.core.scheme.bearer.TokenCache;
import portcullis.core.scheme.bearer.TokenEndpoint;
import portcullis.server.admin.AdminApi;
import portcullis.server.module.DemoInfo;
import portcullis.server.module.ModuleContext;
import portcullis.server.module.SchemeModule;

/**
 * Client-credentials bearer tokens (seed 002, issue 5): the {@code bearer} scheme, the token,
 * revocation and introspection endpoints, the JWKS, key rotation on a schedule (and on demand at
 * {@code POST /admin/bearer/keys/rotate}), and the token resolver KSig1 uses for {@code
 * X-API-Auth-Token}. Keys and revocations live in migration V4's tables; a maintenance tick on the
 * worker pool reloads them (cluster nodes share them through the database), rotates when due and
 * purges what expired.
 */
public final class BearerModule extends SchemeModule<BearerConfig> {
  private static final Logger LOG = LoggerFactory.getLogger(BearerModule.class);
  /** RFC 6750: the token in {@code Authorization}, or the {@code access_token} form or query parameter. */
  static final SchemeDescription DESCRIPTION = SchemeDescription.of(BearerScheme.ID, OAuth2Dialect.INSTANCE)
      .withAuthorization("Bearer").withCredentialParams(java.util.List.of("access_token"));
  private InstantSource clock;
  private Duration ttl;
  private KeyRing keys;
  private BearerStore store;
  private Revocations revocations;
  private Vertx vertx;
  private WorkerExecutor worker;
  private long timer = -1;
  private long distrustTimer = -1;
  private portcullis.server.cluster.Invalidations invalidations;

  public BearerModule() {
    super(DESCRIPTION, BearerOptions::parse);
  }

  @Override
  public void install(ModuleContext context) {
    BearerConfig config = options(context);
    this.clock = context.clock();
    this.ttl = config.ttl();
    this.vertx = context.vertx();
    this.worker = context.worker();
    this.store = new BearerStore(context.database(), context.secretBox());
    this.keys = new KeyRing(config.algorithm(), config.rotation(), config.ttl(), clock);
    this.revocations = new Revocations(clock);
    this.invalidations = context.invalidations();
    maintain();
    invalidations.subscribe(this::received);
    Cache<String, AccessToken> cache = Caffeine.newBuilder().maximumSize(context.settings().cacheMaximumSize())
        .expireAfterWrite(config.ttl()).recordStats().executor(Runnable::run).build();
    context.directory().cacheMeters().monitor("bearer_tokens", cache);
    BearerScheme scheme = new BearerScheme(config, keys, new TokenCache() {
      @Override
      public AccessToken get(String token) {
        return cache.getIfPresent(token);
      }

      @Override
      public void put(String token, AccessToken verified) {
        cache.put(token, verified);
      }
    }, revocations, clock);
    context.registry().register(scheme);
    context.tokens().add(scheme.resolver());
    TokenEndpoint endpoint = new TokenEndpoint(scheme, context.settings().realm());
    for (String path : new String[] {BearerEndpoints.TOKEN, BearerEndpoints.REVOKE, BearerEndpoints.INTROSPECT, BearerEndpoints.JWKS,
        BearerEndpoints.METADATA}) {
      context.claim().accept(path);
    }
    new BearerEndpoints(endpoint, keys, context.directory(), worker, store, revocations, clock, context.bodies(), context.runner(),
        context.limiters()).describing(config.issuer(), context.settings().declaredScopes()).mount(context.endpoints());
    context.admin().get("/admin/bearer/keys").handler(ctx -> AdminApi.json(ctx, 200, keysJson()));
    context.admin().post("/admin/bearer/keys/rotate").handler(ctx -> AdminApi.blocking(worker, ctx, () -> {
      rotate();
      return keysJson();
    }, body -> AdminApi.json(ctx, 200, body)));
    timer = vertx.setPeriodic(period(config).toMillis(), id -> worker.executeBlocking(() -> {
      maintain();
      return null;
    }, false).onFailure(e -> LOG.warn("bearer: key/revocation maintenance failed: {}", e.getMessage())));
    if (invalidations.clustered()) {
      // revocations are a set, not a cache a miss can read through: while the channel is silent,
      // reload them from the store every heartbeat interval instead
      distrustTimer = vertx.setPeriodic(portcullis.server.cluster.Invalidations.HEARTBEAT_INTERVAL.toMillis(), id -> {
        if (!invalidations.trusted()) {
          worker.executeBlocking(() -> {
            reload();
            return null;
          }, false).onFailure(e -> LOG.warn("bearer: revocation reload failed: {}", e.getMessage()));
        }
      });
    }
  }

  /** What another node (or this one) changed: a revocation to refuse, keys to reload, or everything. Blocking. */
  private void received(portcullis.server.cluster.Invalidation event) {
    switch (event) {
      case portcullis.server.cluster.Invalidation.BearerRevoked r -> revocations.add(r.jti(), r.until());
      case portcullis.server.cluster.Invalidation.BearerKeysChanged k -> reload();
      case portcullis.server.cluster.Invalidation.DropAll d -> reload();
      default -> { }
    }
  }

  /** Reloads keys and revocations from the store (no rotation, no purge). Blocking. */
  synchronized void reload() {
    Instant now = clock.instant();
    keys.load(store.keys(now, now.minus(ttl).minus(KeyRing.MARGIN)));
    revocations.addAll(store.revoked(now));
    revocations.dropExpired();
  }

  /** Reloads keys and revocations from the store, rotates when due, purges what expired. Blocking. */
  synchronized void maintain() {
    Instant now = clock.instant();
    Instant retiredAfter = now.minus(ttl).minus(KeyRing.MARGIN);
    for (StoredKey longer : keys.load(store.keys(now, retiredAfter))) {
      store.extendKey(longer.kid(), longer.expiresAt()); // so other nodes and a restart keep it as long
    }
    if (keys.rotationDue()) {
      rotate();
    }
    revocations.addAll(store.revoked(now));
    revocations.dropExpired();
    store.purge(now, retiredAfter);
  }

  /** Makes, stores and starts using a new signing key now; the previous ones keep verifying. Blocking. */
  synchronized void rotate() {
    StoredKey k = keys.generate();
    store.saveKey(k);
    keys.add(k);
    LOG.info("bearer: new {} signing key {} (signs until {})", k.algorithm(), k.kid(), k.retireAt());
    if (invalidations != null) {
      invalidations.publish(new portcullis.server.cluster.Invalidation.BearerKeysChanged()); // other nodes verify its tokens at once
    }
  }

  private JsonObject keysJson() {
    return new JsonObject().put("algorithm", keys.algorithm().name()).put("published", new JsonArray(keys.publishedKids()))
        .put("nextRotation", String.valueOf(keys.nextRotation()));
  }

  @Override
  public String demoSection(DemoInfo demo) {
    String key = demo.seeded().internal().clientKey();
    String secret = demo.seeded().internal().secret();
    String base = demo.baseUrl();
    return "# Client-credentials access token (seed 002), the seed's own curl example\n"
        + "curl -X POST " + base + "/api/token \\\n"
        + "  -H \"Content-Type: application/x-www-form-urlencoded\" \\\n"
        + "  -H \"Authorization: Basic $(echo -n " + key + ":" + secret + " | base64)\" \\\n"
        + "  -d \"grant_type=client_credentials\"\n\n"
        + "# ... and a Bearer call with the token it returns\n"
        + "TOKEN=$(curl -s -u " + key + ":" + secret + " -d grant_type=client_credentials " + base
        + "/api/token | sed -E 's/.*\"access_token\":\"([^\"]+)\".*/\\1/')\n"
        + "curl -H \"Authorization: Bearer $TOKEN\" " + base + "/api/whoami\n\n"
        + "# The public keys any upstream can verify the token with\n"
        + "curl " + base + "/.well-known/jwks.json\n\n";
  }

  @Override
  public void close() {
    if (timer >= 0 && vertx != null) {
      vertx.cancelTimer(timer);
    }
    if (distrustTimer >= 0 && vertx != null) {
      vertx.cancelTimer(distrustTimer);
    }
  }

  /** For tests: the key ring. */
  public KeyRing keyRing() {
    return keys;
  }

  /** How often keys and revocations are reloaded: a quarter of the rotation period, 5 to 60 s. */
  static Duration period(BearerConfig config) {
    return Duration.ofMillis(Math.max(5_000, Math.min(60_000, config.rotation().toMillis() / 4)));
  }
}
