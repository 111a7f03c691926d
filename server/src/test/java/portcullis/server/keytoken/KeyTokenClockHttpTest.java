package portcullis.server.keytoken;

import static org.assertj.core.api.Assertions.assertThat;
import static portcullis.server.Harness.json;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import portcullis.client.KeyTokenClient;
import portcullis.server.Harness;
import portcullis.core.testing.MovableClock;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.testing.RunningGateway;

/**
 * Key-tokens with a configured lifetime and timestamp window on a gateway whose clock the test
 * moves: token expiry over HTTP, both options, and the Java SDK refreshing on the gateway's time.
 */
class KeyTokenClockHttpTest {
  static final String CONFIG = """
      schemes:
        keytoken: {tokenTtlSeconds: 600, clockSkewSeconds: 60}
      routes:
        - name: v0-whoami
          path: /v0/whoami
          methods: [GET]
          upstream: sample
          schemes: [keytoken]
      """;
  static final String INVALID_TOKEN = "{\"status\":false,\"errors\":[{\"code\":401,\"type\":\"Unauthorized\","
      + "\"message\":\"The token is not valid or has expired; get a new one from POST /v0/tokens.\"}]}";
  static final String EXPIRED_REQUEST = "{\"status\":false,\"errors\":[{\"code\":400,\"type\":\"BadRequest\","
      + "\"message\":\"Expired request. Please make sure you are using the correct timestamp format\"}]}";
  static final MovableClock clock = MovableClock.atNow();

  @RegisterExtension
  static final RunningGateway h = RunningGateway.of(CONFIG, clock);
  static final Harness.TestAccount alice = h.accountForClass("alice+ktclock@example.com", "open sesame 3");
  static final Harness.TestClient app = h.clientForClass(alice, false, "read");

  @BeforeEach
  void tick() {
    clock.advance(Duration.ofSeconds(1)); // no two tests hash the secret with the same timestamp
  }

  static HttpResponse<String> exchange(String timestamp) {
    String body = new JsonObject().put("publicKey", app.key())
        .put("secretKey", KeyTokenClient.hashedSecret(app.secret(), Long.parseLong(timestamp)))
        .put("timestamp", Long.parseLong(timestamp)).encode();
    return h.send(h.request("/v0/tokens").header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  static HttpResponse<String> whoami(String token) {
    return h.get("/v0/whoami", "Authorization", app.key() + ":" + token);
  }

  @Test
  void appToken_configuredTtl_expiresThen() {
    long issued = clock.instant().toEpochMilli();
    var r = exchange(Long.toString(issued));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json(r).getJsonObject("data").getLong("expire")).isEqualTo(issued + 600_000);
    String t = json(r).getString("token");
    assertThat(whoami(t).statusCode()).isEqualTo(200);
    clock.advance(Duration.ofSeconds(599));
    assertThat(whoami(t).statusCode()).isEqualTo(200);
    clock.advance(Duration.ofSeconds(1));
    var expired = whoami(t);
    assertThat(expired.statusCode()).isEqualTo(401);
    assertThat(expired.body()).isEqualTo(INVALID_TOKEN);
  }

  @Test
  void userToken_configuredTtl_expiresThen() {
    long issued = clock.instant().toEpochMilli();
    var r = h.send(h.request("/v0/users/authenticate").header("Authorization", app.key()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("email", alice.email()).put("password", alice.password()).encode())));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject data = json(r).getJsonObject("data");
    assertThat(data.getLong("expire")).isEqualTo(issued + 600_000);
    clock.advance(Duration.ofSeconds(599));
    assertThat(whoami(data.getString("token")).statusCode()).isEqualTo(200);
    clock.advance(Duration.ofSeconds(1));
    assertThat(whoami(data.getString("token")).body()).isEqualTo(INVALID_TOKEN);
  }

  @Test
  void exchange_configuredWindow_millisecondsAndSeconds() {
    long ms = clock.instant().toEpochMilli();
    long s = ms / 1000;
    assertThat(exchange(Long.toString(ms - 60_000)).statusCode()).isEqualTo(200);
    assertThat(exchange(Long.toString(ms + 60_000)).statusCode()).isEqualTo(200);
    assertThat(exchange(Long.toString(s - 59)).statusCode()).isEqualTo(200);
    for (long ts : new long[] {ms - 60_001, ms + 60_001, s - 61, s + 61}) {
      var r = exchange(Long.toString(ts));
      assertThat(r.statusCode()).as(Long.toString(ts)).isEqualTo(400);
      assertThat(r.body()).isEqualTo(EXPIRED_REQUEST);
    }
  }

  @Test
  void javaSdk_refreshesAtHalfLife_onTheGatewaysTime() throws Exception {
    // refreshAhead longer than the 600 s lifetime: the SDK refreshes half-way, not on every call
    var kt = new KeyTokenClient(HttpClient.newHttpClient(), URI.create(h.base), app.key(), app.secret(), clock, Duration.ofHours(1));
    String first = kt.token().value();
    assertThat(kt.token().value()).isEqualTo(first);
    clock.advance(Duration.ofSeconds(299));
    assertThat(kt.token().value()).isEqualTo(first);
    clock.advance(Duration.ofSeconds(1));
    String second = kt.token().value();
    assertThat(second).isNotEqualTo(first);
    var r = kt.send(HttpRequest.newBuilder(URI.create(h.base + "/v0/whoami")), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.request().headers().firstValue("Authorization")).hasValue(app.key() + ":" + second);
  }
}
