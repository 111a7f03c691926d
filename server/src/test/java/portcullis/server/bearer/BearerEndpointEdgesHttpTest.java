package portcullis.server.bearer;

import static org.assertj.core.api.Assertions.assertThat;
import static portcullis.server.Harness.basic;
import static portcullis.server.Harness.json;
import static portcullis.server.bearer.BearerTesting.FORM;
import static portcullis.server.bearer.BearerTesting.assertError;
import static portcullis.server.bearer.BearerTesting.post;

import org.junit.jupiter.api.Test;
import portcullis.server.Harness;
import portcullis.core.testing.MovableClock;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.testing.RunningGateway;

/** Token endpoint edge cases over a real socket: revocation by inactive owners, empty parameters, JWKS methods. */
class BearerEndpointEdgesHttpTest {
  @RegisterExtension
  static final RunningGateway h = BearerTesting.gateway(MovableClock.atNow());

  @Test
  void revoke_ownerLockedOrDisabled_stillRevokesOwnTokens() {
    for (String status : new String[] {"locked", "disabled"}) {
      var acct = h.account();
      var c = h.client(acct, false, "read");
      String auth = basic(c.key(), c.secret());
      String token = BearerTesting.token(h, c);
      h.setStatus(acct, status);
      var r = post(h, "/api/token/revoke", auth, FORM, "token=" + token);
      assertThat(r.statusCode()).as(status + ": " + r.body()).isEqualTo(200);
      // still no new token, and no introspection, for an inactive owner's app
      assertError(post(h, "/api/token", auth, FORM, "grant_type=client_credentials"), 400, "unauthorized_client");
      assertError(post(h, "/api/token/introspect", auth, FORM, "token=" + token), 400, "unauthorized_client");
      h.setStatus(acct, "active");
      var after = h.get("/api/whoami", "Authorization", "Bearer " + token);
      assertError(after, 401, "invalid_token");
      assertThat(after.headers().firstValue("WWW-Authenticate").orElse("")).contains("The access token has been revoked.");
      // the secret must still be right
      h.setStatus(acct, status);
      assertError(post(h, "/api/token/revoke", basic(c.key(), "wrong"), FORM, "token=" + token), 401, "invalid_client");
    }
  }

  @Test
  void revoke_clientRevoked_refusedEvenWithLockedOwner() {
    var acct = h.account();
    var c = h.client(acct, false, "read");
    String token = BearerTesting.token(h, c);
    h.setStatus(acct, "locked");
    assertThat(h.admin("DELETE", "/admin/clients/" + c.key(), null).statusCode()).isBetween(200, 204);
    assertError(post(h, "/api/token/revoke", basic(c.key(), c.secret()), FORM, "token=" + token), 401, "invalid_client");
  }

  @Test
  void token_emptyParameters_treatedAsOmitted() {
    Harness.TestClient app = h.client(h.account(), false, "read", "write");
    String ok = basic(app.key(), app.secret());
    // RFC 6749 §3.1: scope= asks for no particular scope, so the app's own scopes
    var r = post(h, "/api/token", ok, FORM, "grant_type=client_credentials&scope=");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json(r).getString("scope")).isEqualTo("read write");
    // an empty client_secret (and client_id) beside Basic is not a second authentication method
    r = post(h, "/api/token", ok, FORM, "grant_type=client_credentials&client_id=&client_secret=");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    // an empty value twice is still no value
    r = post(h, "/api/token", ok, FORM, "grant_type=client_credentials&scope=&scope=read");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json(r).getString("scope")).isEqualTo("read");
    // empty required parameters are missing ones
    assertError(post(h, "/api/token", ok, FORM, "grant_type="), 400, "invalid_request");
    assertError(post(h, "/api/token/revoke", ok, FORM, "token="), 400, "invalid_request");
    assertError(post(h, "/api/token", null, FORM, "grant_type=client_credentials&client_id=" + app.key() + "&client_secret="),
        401, "invalid_client");
  }

  @Test
  void jwks_head_sameHeadersAsGetWithoutBody() {
    var get = h.get("/.well-known/jwks.json");
    assertThat(get.statusCode()).isEqualTo(200);
    var head = h.send(h.request("/.well-known/jwks.json").method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()));
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("Content-Type")).isEqualTo(get.headers().firstValue("Content-Type"));
    assertThat(head.headers().firstValue("Cache-Control")).hasValue("public, max-age=60");
    assertThat(head.headers().firstValue("Content-Length"))
        .hasValue(String.valueOf(get.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
    String[] curl = Harness.curl("-I", h.base + "/.well-known/jwks.json");
    assertThat(curl[1]).isEqualTo("200");
    var post = post(h, "/.well-known/jwks.json", null, FORM, "");
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
  }
}
