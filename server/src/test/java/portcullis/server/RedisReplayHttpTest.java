package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;
import static portcullis.server.Harness.json;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.client.Ksig1Signer;
import portcullis.client.OAuth1Signer;
import portcullis.server.config.Settings;
import portcullis.server.redis.RedisConnection;
import portcullis.server.testing.RunningGateway;
import portcullis.server.testing.TestRedis;

/**
 * A gateway with {@code redis.url} (the throwaway Redis of ./run-tests): single-use values are kept
 * in Redis, under {@code p:} + 11 bytes of the claim key's SHA-256, and replays are refused in each scheme's answer;
 * {@code /readyz} and {@code /metrics} report Redis.
 */
class RedisReplayHttpTest {
  @RegisterExtension
  static final RunningGateway h = RunningGateway.of(() -> "redis: {url: '" + TestRedis.url() + "'}\n" + OAuth1Flow.TEST_YAML
      + "  - {name: signed-whoami, path: /api/signed/whoami, methods: [GET], upstream: sample, schemes: [ksig1]}\n");
  static final Harness.TestAccount owner = h.accountForClass();
  static final Harness.TestAccount user = h.accountForClass("someone+redis@example.com", "correct horse battery");
  static final Harness.TestClient app = h.clientForClass(owner, true, "read", "write");
  static Vertx vertx;
  static RedisConnection redis;
  static OAuth1Flow flow;

  @BeforeAll
  static void connect() throws Exception {
    flow = new OAuth1Flow(h);
    vertx = Vertx.vertx();
    redis = RedisConnection.open(vertx, new Settings.Redis(TestRedis.url(), null));
    redis.started().toCompletionStage().toCompletableFuture().get();
  }

  @AfterAll
  static void close() {
    if (redis != null) {
      redis.close();
      vertx.close().await();
    }
  }

  static long keys(String pattern) {
    return redis.send(Request.cmd(Command.KEYS).arg(pattern)).await().size();
  }

  @Test
  void ksig1_replay_refused_nonceKeptInRedis() {
    Ksig1Signer signer = new Ksig1Signer(app.key(), app.secret(), Clock.systemUTC(), null);
    HttpRequest first = signer.request("GET", URI.create(h.base + "/api/signed/whoami"), Map.of(), new byte[0]);
    String nonce = first.headers().firstValue("X-API-Nonce").orElseThrow();
    byte[] key = portcullis.server.redis.RedisReplayStore.key("p:", "ksig1:" + app.key() + ":" + nonce);
    assertThat(redis.send(Request.cmd(Command.EXISTS).arg(key)).await().toLong()).isZero();
    var ok = h.send(HttpRequest.newBuilder(first, (n, v) -> true));
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(redis.send(Request.cmd(Command.EXISTS).arg(key)).await().toLong()).isEqualTo(1);
    assertThat(redis.send(Request.cmd(Command.PTTL).arg(key)).await().toLong()).as("the window from its timestamp")
        .isBetween(290_000L, 302_000L);
    assertThat(keys("*" + nonce + "*")).as("the nonce is not in any key in the clear").isZero();
    var replay = h.send(HttpRequest.newBuilder(first, (n, v) -> true));
    assertThat(replay.statusCode()).as(replay.body()).isEqualTo(401);
    assertThat(json(replay).getJsonArray("errors").getJsonObject(0).getString("message")).contains("already been used");
  }

  @Test
  void oauth1_replays_refused_onRoutesAndOnTheTokenEndpoint() {
    URI rt = URI.create(h.base + "/v2/oauth/request_token");
    String signed = OAuth1Signer.builder(app.key(), app.secret()).build().sign("POST", rt, List.of(), Map.of("oauth_callback", "oob"))
        .authorizationHeader("Test Realm");
    var issued = h.send(HttpRequest.newBuilder(rt).header("Authorization", signed).POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
    var again = h.send(HttpRequest.newBuilder(rt).header("Authorization", signed).POST(HttpRequest.BodyPublishers.noBody()));
    OAuth1HttpTest.assertProblem(again, 401, "nonce_used");

    var t = flow.threeLegged(app, user, null);
    URI uri = URI.create(h.base + "/v2/whoami");
    String auth = OAuth1Signer.builder(app.key(), app.secret()).token(t.get("oauth_token"), t.get("oauth_token_secret")).build()
        .sign("GET", uri, List.of(), Map.of()).authorizationHeader(null);
    assertThat(h.get("/v2/whoami", "Authorization", auth).statusCode()).isEqualTo(200);
    OAuth1HttpTest.assertProblem(h.get("/v2/whoami", "Authorization", auth), 401, "nonce_used");
  }

  @Test
  void readyzAndMetrics_reportRedis() {
    var ready = h.get("/readyz");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).isEqualTo("{\"status\":\"ready\",\"store\":\"up\",\"redis\":\"up\"}");
    Ksig1Signer signer = new Ksig1Signer(app.key(), app.secret(), Clock.systemUTC(), null);
    assertThat(h.send(HttpRequest.newBuilder(signer.request("GET", URI.create(h.base + "/api/signed/whoami"), Map.of(), new byte[0]),
        (n, v) -> true)).statusCode()).isEqualTo(200);
    String metrics = h.get("/metrics").body();
    assertThat(metrics).contains("portcullis_redis_up 1.0").containsPattern("portcullis_replay_store_seconds_count [1-9]");
  }
}
