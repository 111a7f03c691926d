package portcullis.core.scheme.bearer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import portcullis.core.Failure;
import portcullis.core.Outcome;
import portcullis.core.RoutePolicy;
import portcullis.core.dialect.OAuth2Dialect;
import portcullis.core.store.AccountStatus;
import portcullis.core.store.ClientStatus;
import java.time.Instant;
import portcullis.core.testing.MemoryDirectory;
import portcullis.core.testing.MovableClock;
import portcullis.core.testing.TestRequest;

/** Issue → verify → check, with a moved clock: algorithms, forged tokens, expiry edges, revocation, rotation. */
class BearerSchemeTest {
  final MovableClock clock = new MovableClock(Instant.parse("2026-11-22T10:00:00Z"));
  final MemoryDirectory dir = new MemoryDirectory();
  final Set<String> revoked = ConcurrentHashMap.newKeySet();

  BearerScheme scheme(BearerAlgorithm alg) {
    BearerConfig config = new BearerConfig(alg, Duration.ofSeconds(600), Duration.ofHours(1), "portcullis", false);
    KeyRing ring = new KeyRing(alg, config.rotation(), config.ttl(), clock);
    ring.add(ring.generate());
    dir.account("acct", AccountStatus.ACTIVE);
    dir.client("key1", "secret1", "acct", Set.of("read", "write"), false, ClientStatus.ACTIVE);
    return new BearerScheme(config, ring, TokenCache.bounded(1000), revoked::contains, clock);
  }

  static RoutePolicy route(BearerScheme s, Set<String> scopes) {
    return new RoutePolicy("r", List.of(s), RoutePolicy.ClientKeyMode.NONE, scopes, OAuth2Dialect.INSTANCE, "Test", Map.of());
  }

  static String issue(BearerScheme s) {
    return s.verifier().issue("acct", "key1", Set.of("read", "write"), s.clock().instant(), Duration.ofSeconds(600)).compact();
  }

  Outcome call(BearerScheme s, String token) {
    return s.authenticate(TestRequest.get("Authorization", "Bearer " + token), route(s, Set.of()), dir);
  }

  static Failure failure(Outcome o) {
    assertThat(o).isInstanceOf(Outcome.Rejected.class);
    return ((Outcome.Rejected) o).failure();
  }

  @ParameterizedTest
  @EnumSource(BearerAlgorithm.class)
  void authenticate_roundTrip(BearerAlgorithm alg) {
    BearerScheme s = scheme(alg);
    String token = issue(s);
    Outcome o = call(s, token);
    assertThat(o).isInstanceOf(Outcome.Authenticated.class);
    var id = ((Outcome.Authenticated) o).identity();
    assertThat(id.accountId()).isEqualTo("acct");
    assertThat(id.clientKey()).isEqualTo("key1");
    assertThat(id.scopes()).containsExactlyInAnyOrder("read", "write");
    // without the cache: a fresh scheme instance over the same keys verifies the signature itself
    BearerScheme uncached = new BearerScheme(s.config(), s.keys(), TokenCache.none(), revoked::contains, clock);
    assertThat(call(uncached, token)).isInstanceOf(Outcome.Authenticated.class);
    assertThat(s.keys().jwks()).contains(alg == BearerAlgorithm.HS256 ? "{\"keys\":[]}" : "\"alg\":\"" + alg.name() + "\"");
  }

  /** shared/vectors/jwt.json: none of these tokens was signed by our keys; alg none must be refused. */
  @Test
  void authenticate_sharedVectorsRejected() throws Exception {
    BearerScheme s = scheme(BearerAlgorithm.HS256);
    try (InputStream in = getClass().getResourceAsStream("/vectors/jwt.json")) {
      JsonNode root = new ObjectMapper().readTree(in);
      for (JsonNode v : root.get("vectors")) {
        Failure f = failure(call(s, v.get("expected_compact").asText()));
        assertThat(f.status()).as(v.get("name").asText()).isEqualTo(401);
        assertThat(f.code()).isEqualTo("invalid_token");
      }
    }
  }

  @Test
  void authenticate_expiryEdges() {
    BearerScheme s = scheme(BearerAlgorithm.ES256);
    String token = issue(s);
    clock.advanceSeconds(599);
    assertThat(call(s, token)).isInstanceOf(Outcome.Authenticated.class);
    clock.advanceSeconds(1);
    Failure f = failure(call(s, token));
    assertThat(f.message()).isEqualTo("The access token expired");
    assertThat(f.headers()).contains(Map.entry("WWW-Authenticate",
        "Bearer realm=\"Test\", error=\"invalid_token\", error_description=\"The access token expired\""));
  }

  @Test
  void authenticate_revokedClientOrOwnerOrToken() {
    BearerScheme s = scheme(BearerAlgorithm.ES256);
    String token = issue(s);
    dir.account("acct", AccountStatus.LOCKED);
    assertThat(failure(call(s, token)).message()).isEqualTo("The authenticated account is locked due to an unpaid balance.");
    dir.account("acct", AccountStatus.ACTIVE);
    dir.client("key1", "secret1", "acct", Set.of("read"), false, ClientStatus.REVOKED);
    assertThat(failure(call(s, token)).message()).contains("revoked");
    dir.client("key1", "secret1", "acct", Set.of("read"), false, ClientStatus.ACTIVE);
    assertThat(call(s, token)).isInstanceOf(Outcome.Authenticated.class);
    revoked.add(s.verifier().verify(token).value().jti());
    assertThat(failure(call(s, token)).message()).isEqualTo("The access token has been revoked.");
  }

  /** Header fields of an unauthenticated token reach the operator's log: no line breaks or control bytes. */
  @Test
  void authenticate_forgedHeaderFields_logDetailCannotForgeLogLines() {
    BearerScheme s = scheme(BearerAlgorithm.EdDSA);
    String payload = issue(s).split("\\.")[1];
    java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
    for (String header : new String[] {"{\"alg\":\"EdDSA\",\"kid\":\"x\\r\\n12:00:00.000 INFO  Admin - forged\"}",
        "{\"alg\":\"HS256\\nforged\",\"kid\":\"" + s.keys().publishedKids().get(0) + "\"}"}) {
      String token = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "." + payload + "." + b64.encodeToString(new byte[64]);
      Failure f = failure(call(s, token));
      assertThat(f.code()).isEqualTo("invalid_token");
      assertThat(f.logDetail()).as(header).doesNotContain("\n").doesNotContain("\r").contains("forged");
    }
  }

  @Test
  void tokenEndpoint_clientInput_logDetailCannotForgeLogLines() {
    BearerScheme s = scheme(BearerAlgorithm.EdDSA);
    TokenEndpoint e = new TokenEndpoint(s, "Test");
    String basic = "Basic " + java.util.Base64.getEncoder().encodeToString("key1:secret1".getBytes(StandardCharsets.UTF_8));
    String forged = "Basic " + java.util.Base64.getEncoder().encodeToString("k%0D%0Aforged:x".getBytes(StandardCharsets.UTF_8));
    List<TokenEndpoint.Request> requests = List.of(
        new TokenEndpoint.Request(List.of(forged), "application/x-www-form-urlencoded", "grant_type=client_credentials".getBytes()),
        new TokenEndpoint.Request(List.of(basic), "application/x-www-form-urlencoded", "grant_type=x%0Aforged".getBytes()),
        new TokenEndpoint.Request(List.of(basic), "text/plain\nforged", "grant_type=client_credentials".getBytes()));
    for (TokenEndpoint.Request r : requests) {
      Failure f = e.token(r, dir).failure();
      assertThat(f.logDetail()).doesNotContain("\n").doesNotContain("\r").contains("forged");
    }
  }

  @Test
  void authenticate_insufficientScope_403() {
    BearerScheme s = scheme(BearerAlgorithm.ES256);
    var request = TestRequest.get("Authorization", "Bearer " + issue(s));
    RoutePolicy route = route(s, Set.of("admin"));
    // the route's scopes are checked after authentication, by the post-authentication chain, in the route's dialect
    Failure f = failure(portcullis.core.Admission.withScopes(c -> java.util.concurrent.CompletableFuture.completedFuture(true))
        .admit(s.authenticate(request, route, dir), request, route).toCompletableFuture().join());
    assertThat(f.status()).isEqualTo(403);
    assertThat(f.code()).isEqualTo("insufficient_scope");
  }

  @Test
  void keyRing_rotationKeepsOldKeyUntilItsLastTokenExpires() {
    BearerScheme s = scheme(BearerAlgorithm.ES256);
    KeyRing ring = s.keys();
    String firstKid = ring.publishedKids().get(0);
    clock.advanceSeconds(3599);
    String old = issue(s);
    assertThat(ring.rotationDue()).isFalse();
    clock.advanceSeconds(1);
    assertThat(ring.rotationDue()).isTrue();
    ring.add(ring.generate());
    String fresh = issue(s);
    assertThat(s.verifier().verify(fresh).value().kid()).isNotEqualTo(firstKid);
    assertThat(ring.publishedKids()).hasSize(2);
    clock.advanceSeconds(598); // the old token's last second
    assertThat(call(s, old)).isInstanceOf(Outcome.Authenticated.class);
    clock.advanceSeconds(62); // retirement + ttl + margin
    assertThat(ring.publishedKids()).doesNotContain(firstKid);
    assertThat(s.verifier().verify(old).failure().message()).contains("not signed by a key of this server");
    assertThat(s.verifier().verify(fresh).value()).isNotNull(); // the new key still verifies
  }

  @Test
  void tokenEndpoint_randomInput_neverThrows() {
    BearerScheme s = scheme(BearerAlgorithm.HS256);
    TokenEndpoint e = new TokenEndpoint(s, "Test");
    Random rnd = new Random(6);
    String alphabet = "=&%+ abcgrant_typeclient_credentialsscopereadtokenclient_idkey1secret1:;\u00e9";
    for (int i = 0; i < 5000; i++) {
      String body = BearerParserTest.random(rnd, alphabet, rnd.nextInt(80));
      String auth = rnd.nextBoolean() ? "Basic " + java.util.Base64.getEncoder().encodeToString(
          BearerParserTest.random(rnd, alphabet, 12).getBytes(StandardCharsets.UTF_8)) : BearerParserTest.random(rnd, alphabet, 10);
      var req = new TokenEndpoint.Request(List.of(auth), rnd.nextBoolean() ? "application/x-www-form-urlencoded" : "text/plain",
          body.getBytes(StandardCharsets.UTF_8));
      for (TokenEndpoint.Answer a : List.of(e.token(req, dir), e.revoke(req, dir), e.introspect(req, dir))) {
        assertThat(a.status()).isBetween(200, 499);
      }
    }
    var ok = new TokenEndpoint.Request(List.of("Basic " + java.util.Base64.getEncoder().encodeToString("key1:secret1".getBytes())),
        "application/x-www-form-urlencoded", "grant_type=client_credentials".getBytes());
    assertThat(new String(e.token(ok, dir).body(), StandardCharsets.UTF_8)).contains("\"token_type\":\"Bearer\",\"expires_in\":600");
  }
}
