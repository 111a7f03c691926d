package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import portcullis.client.OAuth1Signer;

/** Request tokens expire after 10 minutes, seen over HTTP with a clock the test moves. */
class OAuth1ExpiryHttpTest {
  static TestClock clock = new TestClock();
  static Harness h;
  static OAuth1Flow flow;
  static Harness.TestClient app;

  @BeforeAll
  static void start() {
    h = Harness.start(OAuth1Flow.TEST_YAML, clock);
    flow = new OAuth1Flow(h);
    app = h.client(h.account(), false, "read");
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @Test
  void requestToken_expiresAfterTenMinutes() {
    var signer = OAuth1Signer.builder(app.key(), app.secret()).clock(clock.withZone(ZoneOffset.UTC)).build();
    var r = flow.signedPost(signer, "/v2/oauth/request_token", Map.of("oauth_callback", "oob"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    Map<String, String> t = OAuth1Flow.form(r.body());

    clock.advance(Duration.ofMinutes(11));
    var page = flow.get(OAuth1Flow.browser(), "/v2/oauth/authorize?oauth_token=" + OAuth1Flow.enc(t.get("oauth_token")));
    assertThat(page.statusCode()).isBetween(400, 499);
    assertThat(page.body().toLowerCase()).contains("expired");

    var exchange = OAuth1Signer.builder(app.key(), app.secret()).token(t.get("oauth_token"), t.get("oauth_token_secret"))
        .clock(clock.withZone(ZoneOffset.UTC)).build();
    var a = flow.signedPost(exchange, "/v2/oauth/access_token", Map.of("oauth_verifier", "anything"));
    assertThat(a.statusCode()).as(a.body()).isEqualTo(401);
    assertThat(Harness.json(a).getString("additional")).isIn("token_expired", "token_rejected");
  }
}
