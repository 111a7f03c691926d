package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import portcullis.client.OAuth1Signer;
import portcullis.core.testing.MovableClock;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.testing.RunningGateway;

/** Request tokens expire after 10 minutes and page sessions after 30 idle minutes or 8 hours, seen with a clock the test moves. */
class OAuth1ExpiryHttpTest {
  static MovableClock clock = MovableClock.atNow();
  static OAuth1Flow flow;

  @RegisterExtension
  static final RunningGateway h = RunningGateway.of(OAuth1Flow.TEST_YAML, clock);
  static final Harness.TestClient app = h.clientForClass(h.accountForClass(), false, "read");

  @BeforeAll
  static void start() {
    flow = new OAuth1Flow(h);
  }

  /** Signs in on the Authorized applications page; returns the browser holding the session. */
  static java.net.http.HttpClient signedIn(Harness.TestAccount user) {
    var browser = OAuth1Flow.browser();
    var form = flow.get(browser, "/developers/authorized-apps");
    var login = flow.post(browser, "/developers/authorized-apps/login", "csrf=" + OAuth1Flow.csrf(form.body())
        + "&email=" + OAuth1Flow.enc(user.email()) + "&password=" + OAuth1Flow.enc(user.password()));
    assertThat(login.statusCode()).as(login.body()).isEqualTo(303);
    return browser;
  }

  static boolean sessionAlive(java.net.http.HttpClient browser) {
    return flow.get(browser, "/developers/authorized-apps").body().contains("Signed in as");
  }

  @Test
  void pageSession_endsAfterEightHoursEvenWhenActive_andAfterThirtyIdleMinutes() {
    var user = h.account();
    var idle = signedIn(user);
    assertThat(sessionAlive(idle)).isTrue();
    clock.advance(Duration.ofMinutes(29));
    assertThat(sessionAlive(idle)).isTrue();
    clock.advance(Duration.ofMinutes(31));
    assertThat(sessionAlive(idle)).isFalse();

    var busy = signedIn(user);
    for (int i = 0; i < 18; i++) { // 7 h 30 min, never idle for 30 minutes
      clock.advance(Duration.ofMinutes(25));
      assertThat(sessionAlive(busy)).as("after %d minutes", (i + 1) * 25).isTrue();
    }
    clock.advance(Duration.ofMinutes(25)); // 7 h 55 min
    assertThat(sessionAlive(busy)).isTrue();
    clock.advance(Duration.ofMinutes(6)); // 8 h 1 min
    assertThat(sessionAlive(busy)).isFalse();
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
    assertThat(page.body().toLowerCase()).contains("expired").contains("they last 10 minutes");

    var exchange = OAuth1Signer.builder(app.key(), app.secret()).token(t.get("oauth_token"), t.get("oauth_token_secret"))
        .clock(clock.withZone(ZoneOffset.UTC)).build();
    var a = flow.signedPost(exchange, "/v2/oauth/access_token", Map.of("oauth_verifier", "anything"));
    assertThat(a.statusCode()).as(a.body()).isEqualTo(401);
    assertThat(Harness.json(a).getString("additional")).isEqualTo("token_expired");
  }
}
