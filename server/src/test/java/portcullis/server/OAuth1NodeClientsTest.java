package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.testing.NodeClients;
import portcullis.server.testing.RunningGateway;

/**
 * The three-legged flow and an API call with the two most used Node OAuth 1.0a clients, unchanged, as
 * their READMEs use them (scripts in src/test/node-clients): npm {@code oauth} (node-oauth) sends
 * {@code oauth_version="1.0A"}; npm {@code oauth-1.0a}'s header pattern sends {@code oauth_callback}
 * and {@code oauth_verifier} in the header and again in the form body. Both are accepted
 * (docs/schemes/oauth1.md, "Client side"); the authorize step is the page, driven over HTTP.
 */
class OAuth1NodeClientsTest {
  @RegisterExtension
  static final RunningGateway h = RunningGateway.of(OAuth1Flow.TEST_YAML);
  static final Harness.TestAccount user = h.accountForClass("alice+node-oauth@example.com", "open sesame 8");
  static final Harness.TestClient app = h.clientForClass(user, true, "read");

  static JsonObject node(String script, String... args) {
    Harness.Run r = NodeClients.node(Map.of("BASE", h.base, "KEY", app.key(), "SECRET", app.secret()), script, args);
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    return new JsonObject(r.out().strip());
  }

  static JsonObject tokens(JsonObject r) {
    if (r.containsKey("status")) { // oauth-1.0a.mjs prints the raw answer
      assertThat(r.getInteger("status")).as(r.encode()).isEqualTo(200);
      Map<String, String> f = OAuth1Flow.form(r.getString("body"));
      return new JsonObject().put("token", f.get("oauth_token")).put("secret", f.get("oauth_token_secret"));
    }
    assertThat(r.containsKey("error")).as(r.encode()).isFalse();
    return r;
  }

  void threeLeggedThenCall(String script) {
    JsonObject rt = tokens(node(script, "request-token"));
    var page = new OAuth1Flow(h).decide(OAuth1Flow.browser(), rt.getString("token"), user.email(), user.password(), "approve");
    String verifier = page.body().replaceAll("(?s).*id=\"verifier\">([^<]+)<.*", "$1");
    JsonObject at = tokens(node(script, "access-token", rt.getString("token"), rt.getString("secret"), verifier));
    JsonObject call = node(script, "get", at.getString("token"), at.getString("secret"), h.base + "/v2/whoami");
    assertThat(call.getInteger("status")).as(call.encode()).isEqualTo(200);
    JsonObject who = new JsonObject(call.getString("body"));
    assertThat(who.getString("account")).isEqualTo(user.id());
    assertThat(who.getString("scheme")).isEqualTo("oauth1");
  }

  @Test
  void nodeOauth_version1_0A() {
    threeLeggedThenCall("node-oauth.cjs");
  }

  @Test
  void oauth10a_callbackAndVerifierInHeaderAndBody() {
    threeLeggedThenCall("oauth-1.0a.mjs");
  }
}
