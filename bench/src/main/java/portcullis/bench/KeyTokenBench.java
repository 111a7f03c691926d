package portcullis.bench;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import portcullis.core.Outcome;
import portcullis.core.RequestView;
import portcullis.core.RoutePolicy;
import portcullis.core.dialect.KeyTokenDialect;
import portcullis.core.scheme.keytoken.KeyTokenScheme;
import portcullis.core.scheme.keytoken.KeyTokens;
import portcullis.core.scheme.keytoken.StoredKeyToken;

/** Key-token verification of {@code Authorization: <key>:<token>} from warm caches (the gateway's hot path). */
public class KeyTokenBench extends AuthBench {
  BenchDirectory dir;
  KeyTokenScheme scheme;
  RoutePolicy route;
  RequestView request;

  @Setup
  public void setup() {
    dir = new BenchDirectory();
    var owner = dir.account("acc");
    dir.client("pk_bench", "secret", owner);
    String token = KeyTokens.newToken();
    Map<String, StoredKeyToken> tokens = Map.of(KeyTokens.hash(token), new StoredKeyToken("kt_b", "pk_bench", "acc",
        StoredKeyToken.Kind.APP, Instant.now(), Instant.now().plus(Duration.ofDays(1)), false));
    scheme = new KeyTokenScheme((hash, d) -> Optional.ofNullable(tokens.get(hash)), Clock.systemUTC(),
        List.of("Basic", "Digest", "Bearer", "OAuth", "KSig1-HMAC-SHA256"));
    route = new RoutePolicy("bench", List.of(scheme), RoutePolicy.ClientKeyMode.REQUIRED, Set.of(), KeyTokenDialect.INSTANCE, "r", Map.of());
    request = BenchRequest.of("GET", "/v0/whoami", "", new byte[0], Map.of("Authorization", "pk_bench:" + token));
  }

  @Benchmark
  public Outcome verifyKeyAndToken() {
    return scheme.authenticate(request, route, dir);
  }
}
