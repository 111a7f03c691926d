package portcullis.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import portcullis.core.Directory;
import portcullis.core.Outcome;
import portcullis.core.RequestView;
import portcullis.core.RoutePolicy;
import portcullis.core.dialect.OAuth2Dialect;
import portcullis.core.scheme.bearer.BearerAlgorithm;
import portcullis.core.scheme.bearer.BearerConfig;
import portcullis.core.scheme.bearer.BearerScheme;
import portcullis.core.scheme.bearer.KeyRing;
import portcullis.core.scheme.bearer.RevokedTokens;
import portcullis.core.scheme.bearer.TokenCache;
import portcullis.core.scheme.bearer.TokenEndpoint;

/**
 * The bearer hot paths: a Bearer request answered from the verified-token cache (the common case),
 * the same request with the cache off (full signature verification), and token issuance at the
 * endpoint (client authentication + signing). Run: {@code java -jar bench/target/benchmarks.jar Bearer}.
 */
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BearerBenchmark extends AuthBench {
  @Param({"ES256", "EdDSA", "HS256"})
  public String algorithm;

  private BearerScheme cached;
  private BearerScheme uncached;
  private TokenEndpoint endpoint;
  private RoutePolicy route;
  private RequestView request;
  private TokenEndpoint.Request tokenRequest;
  private final Directory directory = directory();

  private static Directory directory() {
    BenchDirectory d = new BenchDirectory();
    d.client("benchkey", "benchsecret", d.account("acct"));
    return d;
  }

  @Setup
  public void setup() {
    BearerAlgorithm alg = BearerAlgorithm.parse(algorithm);
    BearerConfig config = new BearerConfig(alg, Duration.ofSeconds(600), Duration.ofDays(1), "portcullis", false);
    KeyRing keys = new KeyRing(alg, config.rotation(), config.ttl(), InstantSource.system());
    keys.add(keys.generate());
    cached = new BearerScheme(config, keys, TokenCache.bounded(100_000), RevokedTokens.NONE, InstantSource.system());
    uncached = new BearerScheme(config, keys, TokenCache.none(), RevokedTokens.NONE, InstantSource.system());
    endpoint = new TokenEndpoint(cached, "bench");
    route = new RoutePolicy("bench", List.of(cached), RoutePolicy.ClientKeyMode.NONE, Set.of(), OAuth2Dialect.INSTANCE, "bench", Map.of());
    tokenRequest = new TokenEndpoint.Request(
        List.of("Basic " + Base64.getEncoder().encodeToString("benchkey:benchsecret".getBytes(StandardCharsets.UTF_8))),
        "application/x-www-form-urlencoded", "grant_type=client_credentials".getBytes(StandardCharsets.UTF_8));
    String json = new String(endpoint.token(tokenRequest, directory).body(), StandardCharsets.UTF_8);
    String token = json.substring(json.indexOf(":\"") + 2, json.indexOf("\",\""));
    request = Fixtures.get("/api/whoami", "Authorization", "Bearer " + token);
    if (!(cached.authenticate(request, route, directory) instanceof Outcome.Authenticated)) {
      throw new IllegalStateException("benchmark token does not verify");
    }
  }

  @Benchmark
  public Outcome bearerRequestCached() {
    return cached.authenticate(request, route, directory);
  }

  @Benchmark
  public Outcome bearerRequestFullVerify() {
    return uncached.authenticate(request, route, directory);
  }

  @Benchmark
  public TokenEndpoint.Answer issueToken() {
    return endpoint.token(tokenRequest, directory);
  }
}
