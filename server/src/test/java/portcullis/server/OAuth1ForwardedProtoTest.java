package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;
import static portcullis.server.Harness.json;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import portcullis.client.OAuth1Signer;
import portcullis.core.scheme.oauth1.Percent;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.testing.RunningGateway;

/**
 * Behind a TLS-terminating proxy without {@code baseUrl}: {@code trustForwardedProto: true} takes the
 * scheme from X-Forwarded-Proto (base string, PLAINTEXT over TLS, Secure cookies); false ignores it.
 */
class OAuth1ForwardedProtoTest {
  static String yaml(boolean trust) {
    return """
        realm: Test Realm
        schemes:
          oauth1:
            trustForwardedProto: %s
        routes:
          - name: whoami
            path: /v2/whoami
            methods: [GET]
            upstream: sample
            schemes: [oauth1]
        """.formatted(trust);
  }

  @RegisterExtension
  static final RunningGateway trusting = RunningGateway.of(yaml(true));

  @RegisterExtension
  static final RunningGateway ignoring = RunningGateway.of(yaml(false));

  /** POSTs request_token signed for {@code scheme}://host:port, with the given X-Forwarded-Proto (or none). */
  static HttpResponse<String> requestToken(Harness h, Harness.TestClient app, String scheme, String forwardedProto) {
    URI sent = URI.create(h.base + "/v2/oauth/request_token");
    URI signed = URI.create(scheme + "://127.0.0.1:" + h.server.port() + "/v2/oauth/request_token");
    String auth = OAuth1Signer.builder(app.key(), app.secret()).build().sign("POST", signed, List.of(), Map.of("oauth_callback", "oob"))
        .authorizationHeader(null);
    HttpRequest.Builder b = HttpRequest.newBuilder(sent).header("Authorization", auth).POST(HttpRequest.BodyPublishers.noBody());
    if (forwardedProto != null) {
      b.header("X-Forwarded-Proto", forwardedProto);
    }
    return h.send(b);
  }

  static HttpResponse<String> plaintext(Harness h, Harness.TestClient app, String forwardedProto) {
    String auth = "OAuth oauth_consumer_key=\"" + app.key() + "\", oauth_signature_method=\"PLAINTEXT\", oauth_signature=\""
        + Percent.encode(Percent.encode(app.secret()) + "&") + "\", oauth_callback=\"oob\"";
    HttpRequest.Builder b = h.request("/v2/oauth/request_token").header("Authorization", auth).POST(HttpRequest.BodyPublishers.noBody());
    if (forwardedProto != null) {
      b.header("X-Forwarded-Proto", forwardedProto);
    }
    return h.send(b);
  }

  static String additional(HttpResponse<String> r) {
    return json(r).getString("additional");
  }

  static List<String> cookies(Harness h, Harness.TestClient app, String forwardedProto) {
    var t = OAuth1Flow.form(requestToken(h, app, "http", null).body());
    HttpRequest.Builder b = h.request("/v2/oauth/authorize?oauth_token=" + t.get("oauth_token")).GET();
    if (forwardedProto != null) {
      b.header("X-Forwarded-Proto", forwardedProto);
    }
    var page = h.send(b);
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    return page.headers().allValues("Set-Cookie");
  }

  @Test
  void trustForwardedProto_true_httpsDecidesBaseStringPlaintextAndSecureCookies() {
    var app = trusting.client(trusting.account(), true, "read");
    var https = requestToken(trusting, app, "https", "https");
    assertThat(https.statusCode()).as(https.body()).isEqualTo(200);
    assertThat(requestToken(trusting, app, "https", "HTTPS, http").statusCode()).isEqualTo(200);
    assertThat(additional(requestToken(trusting, app, "http", "https"))).isEqualTo("signature_invalid");
    assertThat(requestToken(trusting, app, "http", "http").statusCode()).isEqualTo(200);
    assertThat(requestToken(trusting, app, "http", null).statusCode()).isEqualTo(200);
    assertThat(requestToken(trusting, app, "http", "gopher").statusCode()).isEqualTo(200);

    var plainTls = plaintext(trusting, app, "https");
    assertThat(plainTls.statusCode()).as(plainTls.body()).isEqualTo(200);
    var plainHttp = plaintext(trusting, app, "http");
    assertThat(plainHttp.statusCode()).isEqualTo(400);
    assertThat(additional(plainHttp)).isEqualTo("signature_method_rejected");
    assertThat(additional(plaintext(trusting, app, null))).isEqualTo("signature_method_rejected");

    assertThat(cookies(trusting, app, "https")).isNotEmpty().allMatch(c -> c.contains("; Secure"));
    assertThat(cookies(trusting, app, "http")).isNotEmpty().noneMatch(c -> c.contains("Secure"));

    var user = trusting.account();
    var flow = new OAuth1Flow(trusting);
    var t = flow.threeLegged(app, user, null);
    URI signed = URI.create("https://127.0.0.1:" + trusting.server.port() + "/v2/whoami");
    String auth = OAuth1Signer.builder(app.key(), app.secret()).token(t.get("oauth_token"), t.get("oauth_token_secret")).build()
        .sign("GET", signed, List.of(), Map.of()).authorizationHeader(null);
    var who = trusting.get("/v2/whoami", "Authorization", auth, "X-Forwarded-Proto", "https");
    assertThat(who.statusCode()).as(who.body()).isEqualTo(200);
    assertThat(json(who).getString("account")).isEqualTo(user.id());
  }

  @Test
  void trustForwardedProto_false_headerIgnored() {
    var app = ignoring.client(ignoring.account(), true, "read");
    assertThat(additional(requestToken(ignoring, app, "https", "https"))).isEqualTo("signature_invalid");
    assertThat(requestToken(ignoring, app, "http", "https").statusCode()).isEqualTo(200);
    var plain = plaintext(ignoring, app, "https");
    assertThat(plain.statusCode()).isEqualTo(400);
    assertThat(additional(plain)).isEqualTo("signature_method_rejected");
    assertThat(cookies(ignoring, app, "https")).isNotEmpty().noneMatch(c -> c.contains("Secure"));
  }
}
