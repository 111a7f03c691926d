package portcullis.server.ksig1;

import static org.assertj.core.api.Assertions.assertThat;
import static portcullis.server.Harness.json;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import portcullis.client.Ksig1Signer;
import portcullis.server.Harness;
import portcullis.core.testing.MovableClock;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.testing.RunningGateway;

/**
 * Replay at the edge of the window, over HTTP with a 2 s KSig1 skew and a clock the test moves: a
 * request timestamped now + skew is accepted, and replayed just before its timestamp leaves the
 * window it is refused as a replay (its nonce used to be forgotten 2 x skew after the first use).
 */
class Ksig1ReplayEdgeHttpTest {
  static final String YAML = """
      schemes:
        ksig1: {clockSkewSeconds: 2}
      routes:
        - {name: signed-whoami, path: /api/signed/whoami, methods: [GET, POST], upstream: sample, schemes: [ksig1]}
      """;
  static final MovableClock clock = MovableClock.atNow();

  @RegisterExtension
  static final RunningGateway h = RunningGateway.of(YAML, clock);
  static final Harness.TestClient app = h.clientForClass(h.accountForClass(), false, "read");

  static HttpResponse<String> send(HttpRequest r) {
    return h.send(HttpRequest.newBuilder(r, (n, v) -> true));
  }

  @Test
  void timestampAtNowPlusSkew_replayedJustBeforeItLeavesTheWindow_refused() {
    long ts = clock.instant().plusSeconds(2).getEpochSecond();
    Ksig1Signer atEdge = new Ksig1Signer(app.key(), app.secret(), Clock.fixed(Instant.ofEpochSecond(ts), ZoneOffset.UTC), null);
    URI uri = URI.create(h.base + "/api/signed/whoami");
    HttpRequest first = atEdge.request("GET", uri, Map.of(), new byte[0]);
    var ok = send(first);
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);

    // the gateway compares whole seconds: ts still passes until ts + skew + 1 s (exclusive)
    Instant lastAccepted = Instant.ofEpochSecond(ts + 2 + 1).minusMillis(1);
    clock.advance(Duration.between(clock.instant(), lastAccepted));
    assertThat(Duration.between(Instant.ofEpochSecond(ts - 2), clock.instant())).isGreaterThan(Duration.ofSeconds(4));
    var fresh = send(atEdge.request("GET", uri, Map.of(), new byte[0]));
    assertThat(fresh.statusCode()).as("the timestamp still passes: " + fresh.body()).isEqualTo(200);

    var replay = send(first);
    assertThat(replay.statusCode()).as(replay.body()).isEqualTo(401);
    JsonObject e = json(replay).getJsonArray("errors").getJsonObject(0);
    assertThat(e.getString("code")).isEqualTo("AUTH_INVALID_HEADER");
    assertThat(e.getString("message")).contains("already been used");

    clock.advance(Duration.ofMillis(1));
    var late = send(first);
    assertThat(late.statusCode()).isEqualTo(401);
    assertThat(json(late).getJsonArray("errors").getJsonObject(0).getString("message")).contains("outside the allowed window");
  }
}
