package portcullis.core.scheme.keytoken;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import portcullis.core.Result;
import portcullis.core.Outcome;
import portcullis.core.RoutePolicy;
import portcullis.core.dialect.KeyTokenDialect;
import portcullis.core.replay.ReplayStore;
import portcullis.core.store.AccountStatus;
import portcullis.core.store.ClientStatus;
import portcullis.core.testing.ClockedReplayGuard;
import portcullis.core.testing.MemoryDirectory;
import portcullis.core.testing.MovableClock;
import portcullis.core.testing.TestRequest;

class KeyTokenSchemeTest {
  static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  final MovableClock clock = new MovableClock(NOW);
  final MemoryDirectory dir = new MemoryDirectory();
  final Map<String, StoredKeyToken> stored = new ConcurrentHashMap<>();
  final KeyTokenStore store = (hash, d) -> Optional.ofNullable(stored.get(hash));
  final KeyTokenScheme scheme = new KeyTokenScheme(store, clock, List.of(KeyTokenParserTest.OTHER_WORDS));
  final KeyTokenVerifier verifier = new KeyTokenVerifier(store, clock, Duration.ofSeconds(300));
  final ReplayStore replay = new ClockedReplayGuard();
  final portcullis.core.store.Account owner = dir.account("acc-1", "owner@example.com", "pw-owner-1", AccountStatus.ACTIVE);
  final portcullis.core.store.Client app = dir.client("pk_app", "b7c9e2f0-secret", owner, Set.of("read"), ClientStatus.ACTIVE);

  RoutePolicy route(boolean isPublic) {
    return new RoutePolicy("r", List.of(scheme), RoutePolicy.ClientKeyMode.REQUIRED, Set.of(), KeyTokenDialect.INSTANCE,
        "realm", isPublic ? Map.of(KeyTokenScheme.PUBLIC_OPTION, "true") : Map.of());
  }

  String token(String account, Duration ttl) {
    String t = KeyTokens.newToken();
    stored.put(KeyTokens.hash(t), new StoredKeyToken("kt_1", "pk_app", account, StoredKeyToken.Kind.APP, NOW, NOW.plus(ttl), false));
    return t;
  }

  Outcome auth(String authorization, boolean isPublic) {
    return scheme.authenticate(TestRequest.of("GET", "/v0/x", "", new byte[0], "Authorization", authorization), route(isPublic), dir);
  }

  static int status(Outcome o) {
    return o instanceof Outcome.Rejected r ? r.failure().status() : 200;
  }

  @Test
  void hashedSecret_vectors() throws Exception {
    JsonNode v = new ObjectMapper().readTree(getClass().getResourceAsStream("/vectors/keytoken.json"));
    for (JsonNode c : v.get("vectors")) {
      assertThat(KeyTokens.hashedSecret(c.get("client_secret").asText(), c.get("timestamp").asText()))
          .isEqualTo(c.get("secretKey").asText());
    }
  }

  @Test
  void authenticate_publicKeyOnPublicRoute_ok() {
    assertThat(status(auth("pk_app", true))).isEqualTo(200);
    assertThat(((Outcome.Authenticated) auth("pk_app", true)).identity().scopes()).isEmpty();
  }

  @Test
  void authenticate_publicKeyAlone_publicSchemeOwnerAccountNoScopes() {
    var id = ((Outcome.Authenticated) auth("pk_app", true)).identity();
    assertThat(id.scheme()).isEqualTo("keytoken-public");
    assertThat(id.accountId()).isEqualTo("acc-1");
    assertThat(id.clientKey()).isEqualTo("pk_app");
    assertThat(id.scopes()).isEmpty();
    assertThat(id.tokenId()).isNull();
    var withToken = ((Outcome.Authenticated) auth("pk_app:" + token("acc-1", Duration.ofHours(1)), true)).identity();
    assertThat(withToken.scheme()).isEqualTo("keytoken");
    assertThat(withToken.scopes()).containsExactly("read");
  }

  @Test
  void authenticate_publicKeyOnTokenRoute_401() {
    assertThat(status(auth("pk_app", false))).isEqualTo(401);
  }

  @Test
  void authenticate_validToken_identity() {
    var o = (Outcome.Authenticated) auth("pk_app:" + token("acc-1", Duration.ofHours(4)), false);
    assertThat(o.identity().accountId()).isEqualTo("acc-1");
    assertThat(o.identity().clientKey()).isEqualTo("pk_app");
    assertThat(o.identity().scopes()).containsExactly("read");
    assertThat(o.identity().tokenId()).isEqualTo("kt_1");
  }

  @Test
  void authenticate_tokenExpiry_edges() {
    String t = token("acc-1", Duration.ofHours(4));
    clock.set(NOW.plus(Duration.ofHours(4)).minusMillis(1));
    assertThat(status(auth("pk_app:" + t, false))).isEqualTo(200);
    clock.set(NOW.plus(Duration.ofHours(4)));
    assertThat(status(auth("pk_app:" + t, false))).isEqualTo(401);
  }

  @Test
  void authenticate_tokenOfAnotherKey_401() {
    var other = dir.client("pk_other", "x-secret", owner, Set.of(), ClientStatus.ACTIVE);
    assertThat(other.active()).isTrue();
    assertThat(status(auth("pk_other:" + token("acc-1", Duration.ofHours(1)), false))).isEqualTo(401);
  }

  @Test
  void authenticate_lockedAccount_403() {
    dir.account("acc-2", "u@example.com", "pw", AccountStatus.LOCKED);
    var o = auth("pk_app:" + token("acc-2", Duration.ofHours(1)), false);
    assertThat(status(o)).isEqualTo(403);
    String body = new String(((Outcome.Rejected) o).failure().body("ref"), StandardCharsets.UTF_8);
    assertThat(body).isEqualTo("{\"status\":false,\"errors\":[{\"code\":403,\"type\":\"Forbidden\",\"message\":\"No API Access\","
        + "\"additional\":\"The authenticated account is locked due to an unpaid balance.\"}]}");
  }

  @Test
  void missingCredentials_seedBody() {
    String body = new String(KeyTokenDialect.INSTANCE.missingCredentials().body("r"), StandardCharsets.UTF_8);
    assertThat(body).isEqualTo("{\"status\":false,\"errors\":[{\"code\":401,\"type\":\"Unauthorized\",\"message\":\"Authorization is missing\"}]}");
  }

  @Test
  void appToken_windowEdges() {
    long ms = NOW.toEpochMilli();
    for (long ts : new long[] {ms - 300_000, ms + 300_000, (ms / 1000) - 300}) {
      String t = Long.toString(ts);
      var g = committed(verifier.appToken("pk_app", KeyTokens.hashedSecret("b7c9e2f0-secret", t), t, dir));
      assertThat(g.isOk()).as(t).isTrue();
    }
    for (long ts : new long[] {ms - 300_001, ms + 300_001, (ms / 1000) - 301}) {
      String t = Long.toString(ts);
      var g = committed(verifier.appToken("pk_app", KeyTokens.hashedSecret("b7c9e2f0-secret", t), t, dir));
      assertThat(g.failure().status()).as(t).isEqualTo(400);
      assertThat(g.failure().message()).isEqualTo(KeyTokenDialect.EXPIRED_REQUEST);
    }
  }

  @Test
  void appToken_wrongSecret_401_andReplay_401() {
    String t = Long.toString(NOW.toEpochMilli());
    assertThat(committed(verifier.appToken("pk_app", KeyTokens.hashedSecret("nope", t), t, dir)).failure().message())
        .isEqualTo("Wrong credentials");
    String good = KeyTokens.hashedSecret("b7c9e2f0-secret", t);
    assertThat(committed(verifier.appToken("pk_app", good, t, dir)).isOk()).isTrue();
    assertThat(committed(verifier.appToken("pk_app", good, t, dir)).failure().status()).isEqualTo(401);
  }

  @Test
  void appToken_wrongSecretDoesNotBurnTheHash() {
    String t = Long.toString(NOW.toEpochMilli());
    String good = KeyTokens.hashedSecret("b7c9e2f0-secret", t);
    assertThat(committed(verifier.appToken("pk_unknown", good, t, dir)).failure().status()).isEqualTo(401);
    assertThat(committed(verifier.appToken("pk_app", good, t, dir)).isOk()).isTrue();
  }

  @Test
  void resolver_validToken_grant() {
    String t = token("acc-1", Duration.ofHours(1));
    assertThat(scheme.resolver().resolve(t, dir)).hasValueSatisfying(g -> assertThat(g.clientKey()).isEqualTo("pk_app"));
    assertThat(scheme.resolver().resolve("nope", dir)).isEmpty();
  }

  /** The grant once its hashed secret is committed, as the token endpoint commits it: a replay is its failure. */
  Result<KeyTokenVerifier.Grant> committed(Result<KeyTokenVerifier.Grant> g) {
    return committed(g, replay);
  }

  static Result<KeyTokenVerifier.Grant> committed(Result<KeyTokenVerifier.Grant> g, ReplayStore store) {
    if (!(g instanceof Result.Ok<KeyTokenVerifier.Grant> ok) || portcullis.core.testing.Claims.holds(ok.value().claim(), store)) {
      return g;
    }
    return Result.reject(ok.value().claim().orElseThrow().conflict());
  }
}
