package portcullis.server.bearer;

import static org.assertj.core.api.Assertions.assertThat;
import static portcullis.server.Harness.basic;
import static portcullis.server.Harness.json;
import static portcullis.server.bearer.BearerTesting.FORM;
import static portcullis.server.bearer.BearerTesting.assertError;
import static portcullis.server.bearer.BearerTesting.post;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import portcullis.client.ClientCredentialsTokenSource;
import portcullis.server.Harness;
import portcullis.core.testing.MovableClock;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.testing.RunningGateway;

/** POST /api/token, /api/token/revoke, /api/token/introspect and the JWKS over a real socket, with third-party clients. */
class BearerTokenEndpointHttpTest {
  @RegisterExtension
  static final RunningGateway h = BearerTesting.gateway(MovableClock.atNow());
  static final Harness.TestAccount owner = h.accountForClass();
  static final Harness.TestClient app = h.clientForClass(owner, false, "read", "write");

  @Test
  void token_seedCurlExampleExactly() {
    String cmd = "curl -s -X POST " + h.base + "/api/token \\\n"
        + "  -H \"Content-Type: application/x-www-form-urlencoded\" \\\n"
        + "  -H \"Authorization: Basic $(echo -n " + app.key() + ":" + app.secret() + " | base64)\" \\\n"
        + "  -d \"grant_type=client_credentials\"";
    Harness.Run r = Harness.run("bash", "-c", cmd);
    assertThat(r.exit()).as(r.err()).isZero();
    JsonObject b = new JsonObject(r.out());
    assertThat(b.fieldNames()).containsExactlyInAnyOrder("access_token", "token_type", "expires_in", "scope");
    assertThat(b.getString("token_type")).isEqualTo("Bearer");
    assertThat(b.getInteger("expires_in")).isEqualTo(600);
    assertThat(b.getString("scope")).isEqualTo("read write");
    assertThat(b.getString("access_token")).startsWith("eyJ").matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
  }

  @Test
  void token_noStoreHeadersAndBearerRouteAccepts() {
    var r = post(h, "/api/token", basic(app.key(), app.secret()), FORM, "grant_type=client_credentials");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    String[] out = Harness.curl("-H", "Authorization: Bearer " + json(r).getString("access_token"), h.base + "/api/whoami");
    assertThat(out[1]).isEqualTo("200");
    JsonObject who = new JsonObject(out[0]);
    assertThat(who.getString("account")).isEqualTo(owner.id());
    assertThat(who.getString("client")).isEqualTo(app.key());
    assertThat(who.getString("scheme")).isEqualTo("bearer");
  }

  @Test
  void token_verifiedByPyJwtFromJwksAlone() {
    String token = BearerTesting.token(h, app);
    Harness.Run r = BearerTesting.python(BearerTesting.PYJWT_VERIFY, h.base, token);
    assertThat(r.exit()).as(r.err()).isZero();
    JsonObject claims = new JsonObject(r.out().trim());
    assertThat(claims.getString("sub")).isEqualTo(owner.id());
    assertThat(claims.getString("client_id")).isEqualTo(app.key());
    assertThat(claims.getString("scope")).isEqualTo("read write");
    assertThat(claims.getString("iss")).isEqualTo("portcullis");
    assertThat(claims.getLong("exp") - claims.getLong("iat")).isEqualTo(600);
  }

  @Test
  void token_pyJwtRejectsTamperedToken() {
    String token = BearerTesting.token(h, app);
    String[] p = token.split("\\.");
    String forged = p[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
        "{\"sub\":\"someone-else\",\"iss\":\"portcullis\",\"exp\":9999999999,\"iat\":1,\"jti\":\"x\"}".getBytes()) + "." + p[2];
    Harness.Run r = BearerTesting.python(BearerTesting.PYJWT_VERIFY, h.base, forged);
    assertThat(r.exit()).isNotZero();
    assertThat(r.err()).contains("InvalidSignatureError");
  }

  @Test
  void token_requestsOauthlibBackendApplicationClient() {
    String script = """
        import sys, json
        from oauthlib.oauth2 import BackendApplicationClient
        from requests_oauthlib import OAuth2Session
        from requests.auth import HTTPBasicAuth
        base, key, secret = sys.argv[1:4]
        session = OAuth2Session(client=BackendApplicationClient(client_id=key))
        token = session.fetch_token(token_url=base + "/api/token", auth=HTTPBasicAuth(key, secret))
        r = session.get(base + "/api/whoami")
        print(json.dumps({"token_type": token["token_type"], "expires_in": token["expires_in"],
                          "scope": token["scope"], "status": r.status_code, "whoami": r.json()}))
        """;
    Harness.Run r = BearerTesting.python(script, h.base, app.key(), app.secret());
    assertThat(r.exit()).as(r.err()).isZero();
    JsonObject out = new JsonObject(r.out().trim());
    assertThat(out.getString("token_type")).isEqualTo("Bearer");
    assertThat(out.getInteger("status")).isEqualTo(200);
    assertThat(out.getJsonObject("whoami").getString("client")).isEqualTo(app.key());
  }

  @Test
  void token_clientCredentialsInBody() {
    var r = post(h, "/api/token", null, FORM, "grant_type=client_credentials&client_id=" + app.key() + "&client_secret=" + app.secret());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  @Test
  void token_narrowerScope() {
    var r = post(h, "/api/token", basic(app.key(), app.secret()), FORM, "grant_type=client_credentials&scope=read");
    assertThat(json(r).getString("scope")).isEqualTo("read");
  }

  @Test
  void token_javaSdkTokenSource() {
    var source = ClientCredentialsTokenSource.builder(URI.create(h.base + "/api/token"), app.key(), app.secret()).build();
    String t = source.token();
    assertThat(source.token()).isSameAs(t);
    assertThat(h.get("/api/whoami", "Authorization", "Bearer " + t).statusCode()).isEqualTo(200);
  }

  @Test
  void token_errors() {
    String ok = basic(app.key(), app.secret());
    var r = post(h, "/api/token", basic(app.key(), "wrong-secret"), FORM, "grant_type=client_credentials");
    assertError(r, 401, "invalid_client");
    assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Basic realm=");
    assertError(post(h, "/api/token", basic("no-such-key", "x"), FORM, "grant_type=client_credentials"), 401, "invalid_client");
    assertError(post(h, "/api/token", null, FORM, "grant_type=client_credentials"), 401, "invalid_client");
    assertError(post(h, "/api/token", "Basic !!!", FORM, "grant_type=client_credentials"), 401, "invalid_client");
    assertError(post(h, "/api/token", "Bearer abc", FORM, "grant_type=client_credentials"), 401, "invalid_client");
    assertError(post(h, "/api/token", ok, FORM, ""), 400, "invalid_request");
    assertError(post(h, "/api/token", ok, "application/json", "{\"grant_type\":\"client_credentials\"}"), 400, "invalid_request");
    assertError(post(h, "/api/token", ok, FORM, "grant_type=client_credentials&grant_type=client_credentials"), 400, "invalid_request");
    assertError(post(h, "/api/token", ok, FORM, "grant_type=client_credentials&client_secret=" + app.secret()), 400, "invalid_request");
    assertError(post(h, "/api/token", ok, FORM, "grant_type=password"), 400, "unsupported_grant_type");
    assertError(post(h, "/api/token", ok, FORM, "grant_type=Client_Credentials"), 400, "unsupported_grant_type");
    assertError(post(h, "/api/token", ok, FORM, "grant_type=client_credentials&scope=admin"), 400, "invalid_scope");
    assertError(post(h, "/api/token", ok, FORM, "grant_type=client_credentials&scope=read%20%20write"), 400, "invalid_scope");
    assertError(post(h, "/api/token", ok, FORM, "grant_type=client_credentials&x=" + "a".repeat(20_000)), 413, "invalid_request");
    var get = h.get("/api/token");
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).hasValue("POST");
  }

  @Test
  void token_publicClientRefused() {
    var pub = h.client(owner, true, "read");
    assertError(post(h, "/api/token", basic(pub.key(), pub.secret()), FORM, "grant_type=client_credentials"), 400, "unauthorized_client");
  }

  @Test
  void token_lockedOwnerAndRevokedClientGetNone() {
    var acct = h.account();
    var c = h.client(acct, false, "read");
    String auth = basic(c.key(), c.secret());
    h.setStatus(acct, "locked");
    var r = assertError(post(h, "/api/token", auth, FORM, "grant_type=client_credentials"), 400, "unauthorized_client");
    assertThat(r.getString("error_description")).isEqualTo("The authenticated account is locked due to an unpaid balance.");
    h.setStatus(acct, "disabled");
    r = assertError(post(h, "/api/token", auth, FORM, "grant_type=client_credentials"), 400, "unauthorized_client");
    assertThat(r.getString("error_description")).isEqualTo("API access has been disabled for this user due to API terms violation.");
    h.setStatus(acct, "active");
    assertThat(post(h, "/api/token", auth, FORM, "grant_type=client_credentials").statusCode()).isEqualTo(200);
    assertThat(h.admin("DELETE", "/admin/clients/" + c.key(), null).statusCode()).isBetween(200, 204);
    assertError(post(h, "/api/token", auth, FORM, "grant_type=client_credentials"), 401, "invalid_client");
  }

  @Test
  void revoke_tokenStopsWorkingOnNextRequest() {
    String token = BearerTesting.token(h, app);
    assertThat(h.get("/api/whoami", "Authorization", "Bearer " + token).statusCode()).isEqualTo(200);
    var r = post(h, "/api/token/revoke", basic(app.key(), app.secret()), FORM, "token=" + token + "&token_type_hint=access_token");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    var after = h.get("/api/whoami", "Authorization", "Bearer " + token);
    assertError(after, 401, "invalid_token");
    assertThat(after.headers().firstValue("WWW-Authenticate").orElse(""))
        .isEqualTo("Bearer realm=\"Portcullis Demo\", error=\"invalid_token\", error_description=\"The access token has been revoked.\"");
    // RFC 7009 §2.2: an invalid or already revoked token is still a 200
    assertThat(post(h, "/api/token/revoke", basic(app.key(), app.secret()), FORM, "token=" + token).statusCode()).isEqualTo(200);
    assertThat(post(h, "/api/token/revoke", basic(app.key(), app.secret()), FORM, "token=garbage").statusCode()).isEqualTo(200);
  }

  @Test
  void revoke_errors() {
    String token = BearerTesting.token(h, app);
    var other = h.client(owner, false, "read");
    // RFC 7009: another app's token gets the same 200 as an unknown one, and is not revoked
    var r = post(h, "/api/token/revoke", basic(other.key(), other.secret()), FORM, "token=" + token);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
    var unknown = post(h, "/api/token/revoke", basic(other.key(), other.secret()), FORM, "token=garbage");
    assertThat(r.headers().map().keySet()).isEqualTo(unknown.headers().map().keySet());
    assertError(post(h, "/api/token/revoke", basic(app.key(), "nope"), FORM, "token=" + token), 401, "invalid_client");
    assertError(post(h, "/api/token/revoke", basic(app.key(), app.secret()), FORM, ""), 400, "invalid_request");
    assertThat(h.get("/api/whoami", "Authorization", "Bearer " + token).statusCode()).isEqualTo(200);
  }

  @Test
  void introspect_activeThenInactive() {
    String token = BearerTesting.token(h, app);
    var r = post(h, "/api/token/introspect", basic(app.key(), app.secret()), FORM, "token=" + token);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject b = json(r);
    assertThat(b.getBoolean("active")).isTrue();
    assertThat(b.getString("client_id")).isEqualTo(app.key());
    assertThat(b.getString("sub")).isEqualTo(owner.id());
    assertThat(b.getString("scope")).isEqualTo("read write");
    assertThat(b.getString("token_type")).isEqualTo("Bearer");
    assertThat(b.getLong("exp") - b.getLong("iat")).isEqualTo(600);
    var other = h.client(owner, false, "read");
    assertThat(json(post(h, "/api/token/introspect", basic(other.key(), other.secret()), FORM, "token=" + token)).getBoolean("active")).isFalse();
    post(h, "/api/token/revoke", basic(app.key(), app.secret()), FORM, "token=" + token);
    assertThat(json(post(h, "/api/token/introspect", basic(app.key(), app.secret()), FORM, "token=" + token)).encode())
        .isEqualTo("{\"active\":false}");
    assertThat(json(post(h, "/api/token/introspect", basic(app.key(), app.secret()), FORM, "token=not.a.jwt")).getBoolean("active")).isFalse();
    assertError(post(h, "/api/token/introspect", null, FORM, "token=" + token), 401, "invalid_client");
    assertError(post(h, "/api/token/introspect", basic(app.key(), app.secret()), FORM, ""), 400, "invalid_request");
  }

  @Test
  void jwks_publishesOnlyPublicParts() {
    var r = h.get("/.well-known/jwks.json");
    assertThat(r.statusCode()).isEqualTo(200);
    var keys = json(r).getJsonArray("keys");
    assertThat(keys.size()).isGreaterThanOrEqualTo(1);
    JsonObject k = keys.getJsonObject(0);
    assertThat(k.getString("kty")).isEqualTo("EC");
    assertThat(k.getString("crv")).isEqualTo("P-256");
    assertThat(k.getString("alg")).isEqualTo("ES256");
    assertThat(k.fieldNames()).doesNotContain("d").contains("kid", "x", "y", "crv");
    assertThat(List.of(h.send(h.request("/.well-known/jwks.json").DELETE()).statusCode())).containsExactly(405);
  }

  @Test
  void resolver_ksig1AuthTokenAcceptsBearerTokens() {
    String token = BearerTesting.token(h, app);
    var grant = h.server.tokens().resolve(token, h.server.directory().blocking());
    assertThat(grant).isPresent();
    assertThat(grant.get().clientKey()).isEqualTo(app.key());
    assertThat(grant.get().accountId()).isEqualTo(owner.id());
    assertThat(h.server.tokens().resolve("not-a-token", h.server.directory().blocking())).isEmpty();
  }
}
