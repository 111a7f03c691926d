package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;
import static portcullis.server.ClusterInvalidationHttpTest.tokenRequest;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import portcullis.client.Ksig1Signer;
import portcullis.server.testing.TestDatabase;
import portcullis.server.testing.TestRedis;

/**
 * Cluster mode as deployed: two real gateways (own data directories, own Vert.x) on one real
 * PostgreSQL and one real Redis (both from ./run-tests), sharing only the master key and
 * configuration. A single-use value accepted by A is refused by B in the scheme's own answer; a token
 * issued on A works on B; every revocation on A reaches B over Redis pub/sub within a second
 * (measured; the checks are ClusterInvalidationHttpTest's), and the OAuth 1.0a pages work split
 * across the nodes.
 */
class ClusterRedisHttpTest {
  static Harness a;
  static Harness b;

  @BeforeAll
  static void start() {
    var pg = TestDatabase.postgresConfig();
    String url = freshDatabase(pg);
    String yaml = Harness.demoYaml() + "\nstore: {url: '" + url + "', username: '" + pg.username() + "', password: '"
        + pg.password() + "'}\nmasterKey: " + TestDatabase.MASTER_KEY + "\nredis: {url: '" + TestRedis.url() + "'}\n";
    a = Harness.node(yaml, InstantSource.system(), Harness.tempDir(), null);
    b = Harness.node(yaml, InstantSource.system(), Harness.tempDir(), null);
  }

  /** A database of its own on the test PostgreSQL (other tests' rows, e.g. fake signing keys, stay out). */
  static String freshDatabase(portcullis.store.jdbc.JdbcStoreConfig pg) {
    String name = "portcullis_cluster_" + Long.toHexString(System.nanoTime());
    try (var c = java.sql.DriverManager.getConnection(pg.url(), pg.username(), pg.password()); var st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    return pg.url().substring(0, pg.url().lastIndexOf('/') + 1) + name;
  }

  @AfterAll
  static void stop() {
    Harness.closeAll(b, a);
  }

  static java.net.http.HttpResponse<String> signedGet(Harness on, Map<String, String> headers) {
    HttpRequest.Builder r = on.request("/api/signed/whoami").GET();
    headers.forEach(r::header);
    return on.send(r);
  }

  @Test
  void ksig1AcceptedOnA_replayOnB_refusedInKsig1sAnswer() {
    var user = a.account();
    var app = a.client(user, false, "read");
    var signed = new Ksig1Signer(app.key(), app.secret(), Clock.systemUTC(), null)
        .sign("GET", URI.create(a.base + "/api/signed/whoami"), Map.of(), new byte[0]).headers();
    var first = signedGet(a, signed);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    var replay = signedGet(b, signed);
    assertThat(replay.statusCode()).as(replay.body()).isEqualTo(401);
    assertThat(replay.body()).contains("AUTH_");
  }

  @Test
  void digestNonceFromB_answeredOnA_sameCountReplayedOnB_refused() {
    var user = a.account();
    var app = a.client(user, false, "read");
    var challenge = portcullis.server.digest.DigestAnswers.Challenge.of(b.get("/v2/whoami", "X-Client-Key", app.key()));
    String answer = portcullis.server.digest.DigestAnswers.header("MD5", "MD5", false, user.email(), false, user.password(),
        "Portcullis Demo", challenge, "00000001", "0a4f113b", "GET", "/v2/whoami");
    var onA = a.get("/v2/whoami", "Authorization", answer, "X-Client-Key", app.key());
    assertThat(onA.statusCode()).as("B's nonce accepted on A: " + onA.body()).isEqualTo(200);
    var onB = b.get("/v2/whoami", "Authorization", answer, "X-Client-Key", app.key());
    assertThat(onB.statusCode()).as(onB.body()).isEqualTo(401);
    assertThat(onB.body()).contains("nonce count was used already");
  }

  @Test
  void keyTokenHashedSecretUsedOnA_replayedOnB_refused() {
    var user = a.account();
    var app = a.client(user, false, "read");
    long ts = System.currentTimeMillis();
    String body = new JsonObject().put("publicKey", app.key())
        .put("secretKey", portcullis.client.KeyTokenClient.hashedSecret(app.secret(), ts)).put("timestamp", ts).encode();
    java.util.function.Function<Harness, java.net.http.HttpResponse<String>> exchange = on -> on.send(on.request("/v0/tokens")
        .header("Content-Type", "application/json").header("Authorization", app.key())
        .POST(HttpRequest.BodyPublishers.ofString(body)));
    assertThat(exchange.apply(a).statusCode()).isEqualTo(200);
    var replay = exchange.apply(b);
    assertThat(replay.statusCode()).as(replay.body()).isEqualTo(401);
    assertThat(replay.body()).contains("used already");
  }

  /** Both nodes stand behind one public name (the Host the client signed), as behind a load balancer. */
  @Test
  void oauth1NonceUsedOnA_replayedOnB_refusedAsNonceUsed() {
    var user = a.account();
    var app = a.client(user, true);
    String host = "127.0.0.1:" + a.server.port();
    String auth = portcullis.client.OAuth1Signer.builder(app.key(), app.secret()).build()
        .sign("POST", URI.create("http://" + host + "/v2/oauth/request_token"), java.util.List.of(), Map.of("oauth_callback", "oob"))
        .authorizationHeader(null);
    String request = "POST /v2/oauth/request_token HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: " + auth
        + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    String onA = a.raw(request);
    assertThat(onA).as(onA).startsWith("HTTP/1.1 200");
    String onB = b.raw(request);
    assertThat(onB).as(onB).startsWith("HTTP/1.1 401").contains("nonce_used");
  }

  @Test
  void bearerTokenIssuedOnA_acceptedOnB() {
    var user = a.account();
    var app = a.client(user, false, "read");
    var t = tokenRequest(a, app, app.secret());
    assertThat(t.statusCode()).as(t.body()).isEqualTo(200);
    String token = new JsonObject(t.body()).getString("access_token");
    var r = b.get("/api/whoami", "Authorization", "Bearer " + token);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  @Test
  void accountLockedOnA_refusedOnB_withinASecond_overRedis() {
    ClusterInvalidationHttpTest.lockSeen(a, b);
  }

  @Test
  void clientRevokedOnA_refusedOnB_withinASecond_overRedis() {
    ClusterInvalidationHttpTest.clientRevocationSeen(a, b);
  }

  @Test
  void passwordChangedOnA_oldPasswordRefusedOnB_withinASecond_overRedis() {
    ClusterInvalidationHttpTest.passwordChangedOnA_oldPasswordRefusedOnB_withinASecond(a, b);
  }

  @Test
  void secretRotatedOnA_oldSecretRefusedOnB_withinASecond_overRedis() {
    ClusterInvalidationHttpTest.secretRotatedOnA_oldSecretRefusedOnB_withinASecond(a, b);
  }

  @Test
  void bearerRevokedOnA_rfc7009_refusedOnB_withinASecond_overRedis() {
    ClusterInvalidationHttpTest.bearerRevokedOnA_rfc7009_refusedOnB_withinASecond(a, b);
  }

  @Test
  void keyTokenRevokedOnA_refusedOnB_withinASecond_overRedis() {
    ClusterInvalidationHttpTest.keyTokenRevokedOnA_refusedOnB_withinASecond(a, b);
  }

  @Test
  void oauth1_authorizeGetOnA_postOnB_exchangeOnB_callOnA_overRedis() {
    ClusterInvalidationHttpTest.oauth1_authorizeGetOnA_postOnB_exchangeOnB_callOnA(a, b);
  }

  @Test
  void oauth1_appRevokedOnAsAuthorizedAppsPage_refusedOnB_withinASecond_andSignOutEndsTheSessionEverywhere_overRedis() {
    ClusterInvalidationHttpTest.oauth1_appRevokedOnAsAuthorizedAppsPage_refusedOnB_withinASecond_andSignOutEndsTheSessionEverywhere(a, b);
  }

  @Test
  void bothNodesReady_andPublishingInvalidations() {
    assertThat(b.get("/readyz").body()).isEqualTo("{\"status\":\"ready\",\"store\":\"up\",\"redis\":\"up\"}");
    var user = a.account();
    a.setStatus(user, "locked");
    String metrics = b.get("/metrics").body();
    assertThat(metrics).contains("portcullis_caches_trusted 1.0");
  }
}
