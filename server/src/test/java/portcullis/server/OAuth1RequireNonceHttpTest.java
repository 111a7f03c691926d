package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;
import static portcullis.server.Harness.json;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import portcullis.client.OAuth1Signer;
import portcullis.core.scheme.oauth1.Percent;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.testing.RunningGateway;

/**
 * RFC 5849 lets PLAINTEXT leave out oauth_timestamp and oauth_nonce, and such a request can be
 * replayed as often as one likes. The route option {@code oauth1.requireNonce: "true"} asks for
 * both (400 parameter_absent), so PLAINTEXT requests there are single-use like the others.
 */
class OAuth1RequireNonceHttpTest {
  static final String YAML = OAuth1Flow.TEST_YAML + """
        - name: strict
          path: /v2/strict/whoami
          methods: [GET]
          upstream: sample
          schemes: [oauth1]
          options: {oauth1.requireNonce: "true"}
      """;
  static Map<String, String> token;

  @RegisterExtension
  static final RunningGateway h = RunningGateway.of(YAML);
  static final Harness.TestClient app = h.clientForClass(h.accountForClass(), true, "read");

  @BeforeAll
  static void start() {
    OAuth1Flow flow = new OAuth1Flow(h);
    token = flow.threeLegged(app, h.account(), null);
  }

  /** PLAINTEXT with the given extra parameters (none: neither timestamp nor nonce). */
  static String plaintext(String extra) {
    String sig = Percent.encode(app.secret()) + "&" + Percent.encode(token.get("oauth_token_secret"));
    return "OAuth oauth_consumer_key=\"" + Percent.encode(app.key()) + "\", oauth_token=\"" + Percent.encode(token.get("oauth_token"))
        + "\", oauth_signature_method=\"PLAINTEXT\"" + extra + ", oauth_signature=\"" + Percent.encode(sig) + "\"";
  }

  static void assertAbsent(java.net.http.HttpResponse<String> r, String absent) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(json(r).fieldNames()).contains("status", "message", "additional", "reference");
    assertThat(json(r).getInteger("status")).isEqualTo(400);
    assertThat(json(r).getString("message")).isEqualTo("Malformed OAuth request");
    assertThat(json(r).getString("additional")).isEqualTo("parameter_absent");
    assertThat(r.headers().allValues("WWW-Authenticate")).anyMatch(v -> v.contains("oauth_problem=\"parameter_absent\"")
        && v.contains("oauth_parameters_absent=\"" + absent.replace("&", "%26") + "\""));
  }

  @Test
  void withoutTheOption_plaintextWithoutNonce_replayable() {
    String auth = plaintext("");
    assertThat(h.get("/v2/whoami", "Authorization", auth).statusCode()).isEqualTo(200);
    assertThat(h.get("/v2/whoami", "Authorization", auth).statusCode()).as("RFC 5849 3.3 allows it").isEqualTo(200);
  }

  @Test
  void requireNonce_plaintextWithoutTimestampAndNonce_parameterAbsent() {
    assertAbsent(h.get("/v2/strict/whoami", "Authorization", plaintext("")), "oauth_timestamp&oauth_nonce");
    assertAbsent(h.get("/v2/strict/whoami", "Authorization", plaintext(", oauth_nonce=\"n-" + UUID.randomUUID() + "\"")),
        "oauth_timestamp");
    long ts = java.time.Instant.now().getEpochSecond();
    assertAbsent(h.get("/v2/strict/whoami", "Authorization", plaintext(", oauth_timestamp=\"" + ts + "\"")), "oauth_nonce");
  }

  @Test
  void requireNonce_plaintextWithBoth_singleUse() {
    String auth = plaintext(", oauth_timestamp=\"" + java.time.Instant.now().getEpochSecond() + "\", oauth_nonce=\"n-"
        + UUID.randomUUID() + "\"");
    var ok = h.get("/v2/strict/whoami", "Authorization", auth);
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    var again = h.get("/v2/strict/whoami", "Authorization", auth);
    assertThat(again.statusCode()).isEqualTo(401);
    assertThat(json(again).getString("additional")).isEqualTo("nonce_used");
  }

  @Test
  void requireNonce_hmacSigned_ok() {
    OAuth1Signer signer = OAuth1Signer.builder(app.key(), app.secret()).token(token.get("oauth_token"), token.get("oauth_token_secret"))
        .build();
    var r = new OAuth1Flow(h).signedGet(signer, "/v2/strict/whoami");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json(r).getString("scheme")).isEqualTo("oauth1");
  }
}
