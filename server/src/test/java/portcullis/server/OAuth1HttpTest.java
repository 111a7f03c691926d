package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;
import static portcullis.server.Harness.json;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import portcullis.client.OAuth1Signer;
import portcullis.core.scheme.oauth1.Percent;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.testing.RunningGateway;

/** OAuth 1.0a over a real socket with the Java SDK signer: flow, transports, every documented refusal. */
class OAuth1HttpTest {
  static OAuth1Flow flow;

  @RegisterExtension
  static final RunningGateway h = RunningGateway.of(OAuth1Flow.TEST_YAML);
  static final Harness.TestAccount owner = h.accountForClass();
  static final Harness.TestAccount user = h.accountForClass("someone+oauth@example.com", "correct horse battery");
  static final Harness.TestClient app = h.clientForClass(owner, true, "read", "write");

  @BeforeAll
  static void start() {
    flow = new OAuth1Flow(h);
  }

  OAuth1Signer access(Map<String, String> t) {
    return OAuth1Signer.builder(app.key(), app.secret()).token(t.get("oauth_token"), t.get("oauth_token_secret")).build();
  }

  static void assertProblem(HttpResponse<String> r, int status, String problem) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonObject b = json(r);
    assertThat(b.getInteger("status")).isEqualTo(status);
    assertThat(b.getString("additional")).isEqualTo(problem);
    assertThat(b.getString("message")).isEqualTo(status == 401 ? "Could not authenticate:" : "Malformed OAuth request");
    assertThat(b.getString("reference")).isNotBlank();
    assertThat(r.headers().allValues("WWW-Authenticate"))
        .anyMatch(v -> v.startsWith("OAuth realm=\"Test Realm\", oauth_problem=\"" + problem + "\""));
  }

  @Test
  void threeLegged_publicClient_actsAsAuthorizingAccount() {
    var t = flow.threeLegged(app, user, null);
    var r = flow.signedGet(access(t), "/v2/whoami?q=a+b");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject who = json(r);
    assertThat(who.getString("account")).isEqualTo(user.id());
    assertThat(who.getString("client")).isEqualTo(app.key());
    assertThat(who.getString("scheme")).isEqualTo("oauth1");
    assertThat(who.getJsonArray("scopes").getList()).containsExactlyInAnyOrder("read", "write");
  }

  @Test
  void scopes_requestedIntersectClient_routeRequiresScope403() {
    var t = flow.threeLegged(app, user, "read,admin");
    assertThat(t.get("scope")).isEqualTo("read");
    var r = flow.signedGet(access(t), "/v2/whoami");
    assertThat(json(r).getJsonArray("scopes").getList()).containsExactly("read");
    var w = flow.signedGet(access(t), "/v2/write");
    assertThat(w.statusCode()).as(w.body()).isEqualTo(403);
    var full = flow.threeLegged(app, user, null);
    assertThat(flow.signedGet(access(full), "/v2/write").statusCode()).isEqualTo(200);
  }

  @Test
  void transports_queryAndFormBody() {
    var t = flow.threeLegged(app, user, null);
    URI uri = URI.create(h.base + "/v2/whoami?a=1");
    var q = access(t).sign("GET", uri, List.of(), Map.of());
    var r = h.send(HttpRequest.newBuilder(URI.create(h.base + "/v2/whoami?a=1&" + q.formEncoded())).GET());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    URI plain = URI.create(h.base + "/v2/whoami");
    var b = access(t).sign("POST", plain, List.of(Map.entry("note", "x y")), Map.of());
    var p = h.send(HttpRequest.newBuilder(plain).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("note=x+y&" + b.formEncoded())));
    assertThat(p.statusCode()).as(p.body()).isEqualTo(200);
    assertThat(json(p).getString("account")).isEqualTo(user.id());
  }

  @Test
  void replay_sameNonce_nonceUsed() {
    var t = flow.threeLegged(app, user, null);
    URI uri = URI.create(h.base + "/v2/whoami");
    String auth = access(t).sign("GET", uri, List.of(), Map.of()).authorizationHeader(null);
    assertThat(h.get("/v2/whoami", "Authorization", auth).statusCode()).isEqualTo(200);
    assertProblem(h.get("/v2/whoami", "Authorization", auth), 401, "nonce_used");
  }

  /** A PLAINTEXT header with a chosen timestamp and nonce (the signer picks its own). */
  static String plaintext(Harness.TestClient c, Map<String, String> t, long timestamp, String nonce) {
    String sig = Percent.encode(c.secret()) + "&" + Percent.encode(t.get("oauth_token_secret"));
    return "OAuth oauth_consumer_key=\"" + Percent.encode(c.key()) + "\", oauth_token=\"" + Percent.encode(t.get("oauth_token"))
        + "\", oauth_signature_method=\"PLAINTEXT\", oauth_timestamp=\"" + timestamp + "\", oauth_nonce=\"" + nonce
        + "\", oauth_signature=\"" + Percent.encode(sig) + "\"";
  }

  @Test
  void nonce_keyedByClientAndToken_otherClientOrTokenAccepted_sameRefused() {
    var t1 = flow.threeLegged(app, user, null);
    var t2 = flow.threeLegged(app, user, null);
    var other = h.client(owner, true, "read");
    var t3 = flow.threeLegged(other, user, null);
    long ts = java.time.Instant.now().getEpochSecond();
    String nonce = "shared-nonce-" + java.util.UUID.randomUUID();
    assertThat(h.get("/v2/whoami", "Authorization", plaintext(app, t1, ts, nonce)).statusCode()).isEqualTo(200);
    var otherToken = h.get("/v2/whoami", "Authorization", plaintext(app, t2, ts, nonce));
    assertThat(otherToken.statusCode()).as(otherToken.body()).isEqualTo(200);
    var otherClient = h.get("/v2/whoami", "Authorization", plaintext(other, t3, ts, nonce));
    assertThat(otherClient.statusCode()).as(otherClient.body()).isEqualTo(200);
    assertThat(json(otherClient).getString("client")).isEqualTo(other.key());
    assertProblem(h.get("/v2/whoami", "Authorization", plaintext(app, t1, ts, nonce)), 401, "nonce_used");
    assertProblem(h.get("/v2/whoami", "Authorization", plaintext(other, t3, ts, nonce)), 401, "nonce_used");
  }

  @Test
  void scopes_spaceSeparatedList_likeCommaSeparated() {
    var spaced = flow.threeLegged(app, user, "read write");
    assertThat(spaced.get("scope")).isEqualTo("read write");
    var r = flow.signedGet(access(spaced), "/v2/whoami");
    assertThat(json(r).getJsonArray("scopes").getList()).containsExactlyInAnyOrder("read", "write");
    assertThat(flow.signedGet(access(spaced), "/v2/write").statusCode()).isEqualTo(200);
    var comma = flow.threeLegged(app, user, "read,write");
    assertThat(comma.get("scope")).isEqualTo(spaced.get("scope"));
    var one = flow.threeLegged(app, user, " write  admin ");
    assertThat(one.get("scope")).isEqualTo("write");
  }

  @Test
  void timestamp_outsideWindow_refused() {
    var t = flow.threeLegged(app, user, null);
    var old = OAuth1Signer.builder(app.key(), app.secret()).token(t.get("oauth_token"), t.get("oauth_token_secret"))
        .clock(java.time.Clock.offset(java.time.Clock.systemUTC(), java.time.Duration.ofSeconds(-400))).build();
    var r = flow.signedGet(old, "/v2/whoami");
    assertProblem(r, 401, "timestamp_refused");
    assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).contains("oauth_acceptable_timestamps=");
  }

  @Test
  void wrongSecret_signatureInvalid_andUnknownConsumer() {
    var t = flow.threeLegged(app, user, null);
    var bad = OAuth1Signer.builder(app.key(), "wrong").token(t.get("oauth_token"), t.get("oauth_token_secret")).build();
    assertProblem(flow.signedGet(bad, "/v2/whoami"), 401, "signature_invalid");
    assertProblem(flow.signedGet(OAuth1Signer.builder("nope", "x").token("a", "b").build(), "/v2/whoami"), 401, "consumer_key_unknown");
    assertProblem(flow.signedGet(OAuth1Signer.builder(app.key(), app.secret()).token("unknown", "b").build(), "/v2/whoami"), 401, "token_rejected");
  }

  @Test
  void malformedHeader_400NeverServerError() {
    assertProblem(h.get("/v2/whoami", "Authorization", "OAuth oauth_consumer_key=\"abc"), 400, "parameter_rejected");
    assertProblem(h.get("/v2/whoami", "Authorization", "OAuth oauth_consumer_key=\"abc\""), 400, "parameter_absent");
    assertProblem(h.get("/v2/whoami", "Authorization", "OAuth ,,,=="), 400, "parameter_rejected");
    var none = h.get("/v2/whoami");
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().allValues("WWW-Authenticate")).contains("OAuth realm=\"Test Realm\"");
  }

  @Test
  void requestToken_noCallback_parameterAbsent_badCallbackRejected() {
    var s = OAuth1Signer.builder(app.key(), app.secret()).build();
    assertProblem(flow.signedPost(s, "/v2/oauth/request_token", Map.of()), 400, "parameter_absent");
    assertProblem(flow.signedPost(s, "/v2/oauth/request_token", Map.of("oauth_callback", "javascript:alert(1)")), 400, "parameter_rejected");
    var ok = flow.signedPost(s, "/v2/oauth/request_token", Map.of("oauth_callback", "oob"));
    assertThat(ok.headers().firstValue("Content-Type").orElse("")).startsWith("application/x-www-form-urlencoded");
    assertThat(OAuth1Flow.form(ok.body())).containsEntry("oauth_callback_confirmed", "true").containsKeys("oauth_token", "oauth_token_secret");
  }

  @Test
  void accessToken_wrongVerifier_verifierInvalidAndTokenUsedUp() {
    var t = flow.requestToken(app.key(), app.secret(), Map.of("oauth_callback", "oob"));
    var page = flow.decide(OAuth1Flow.browser(), t.get("oauth_token"), user.email(), user.password(), "approve");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("id=\"verifier\"");
    var s = OAuth1Signer.builder(app.key(), app.secret()).token(t.get("oauth_token"), t.get("oauth_token_secret")).build();
    assertProblem(flow.signedPost(s, "/v2/oauth/access_token", Map.of("oauth_verifier", "guess")), 401, "verifier_invalid");
    String real = page.body().replaceAll("(?s).*id=\"verifier\">([^<]+)<.*", "$1");
    assertProblem(flow.signedPost(s, "/v2/oauth/access_token", Map.of("oauth_verifier", real)), 401, "token_rejected");
  }

  @Test
  void accessToken_verifierSingleUse() {
    var t = flow.requestToken(app.key(), app.secret(), Map.of("oauth_callback", "oob"));
    var page = flow.decide(OAuth1Flow.browser(), t.get("oauth_token"), user.email(), user.password(), "approve");
    String verifier = page.body().replaceAll("(?s).*id=\"verifier\">([^<]+)<.*", "$1");
    var s = OAuth1Signer.builder(app.key(), app.secret()).token(t.get("oauth_token"), t.get("oauth_token_secret")).build();
    assertThat(flow.signedPost(s, "/v2/oauth/access_token", Map.of("oauth_verifier", verifier)).statusCode()).isEqualTo(200);
    assertProblem(flow.signedPost(s, "/v2/oauth/access_token", Map.of("oauth_verifier", verifier)), 401, "token_rejected");
  }

  @Test
  void deny_redirectsWithDeniedAndNoVerifier() {
    var t = flow.requestToken(app.key(), app.secret(), Map.of("oauth_callback", "https://app.example.com/cb"));
    var r = flow.decide(OAuth1Flow.browser(), t.get("oauth_token"), "", "", "deny");
    assertThat(r.statusCode()).isEqualTo(303);
    String loc = r.headers().firstValue("Location").orElseThrow();
    assertThat(loc).startsWith("https://app.example.com/cb?").contains("denied=" + t.get("oauth_token")).doesNotContain("oauth_verifier");
    var s = OAuth1Signer.builder(app.key(), app.secret()).token(t.get("oauth_token"), t.get("oauth_token_secret")).build();
    assertProblem(flow.signedPost(s, "/v2/oauth/access_token", Map.of("oauth_verifier", "x")), 401, "token_rejected");
  }

  @Test
  void authorize_nonAsciiCallback_redirectsToThatUrlPercentEncoded() {
    var t = flow.requestToken(app.key(), app.secret(), Map.of("oauth_callback", "https://app.example.com/caf\u00e9?q=\u00fc"));
    var r = flow.decide(OAuth1Flow.browser(), t.get("oauth_token"), user.email(), user.password(), "approve");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location").orElseThrow())
        .startsWith("https://app.example.com/caf%C3%A9?q=%C3%BC&oauth_token=" + t.get("oauth_token") + "&oauth_verifier=");
    var d = flow.requestToken(app.key(), app.secret(), Map.of("oauth_callback", "https://app.example.com/\u0100?x=\u20ac"));
    var denied = flow.decide(OAuth1Flow.browser(), d.get("oauth_token"), "", "", "deny");
    assertThat(denied.statusCode()).isEqualTo(303);
    assertThat(denied.headers().firstValue("Location").orElseThrow())
        .isEqualTo("https://app.example.com/%C4%80?x=%E2%82%AC&oauth_token=" + d.get("oauth_token") + "&denied=" + d.get("oauth_token"));
  }

  @Test
  void accessToken_accountLockedOrDisabledAfterApproval_seed403NoToken() {
    var acct = h.account();
    var t = flow.requestToken(app.key(), app.secret(), Map.of("oauth_callback", "oob"));
    var page = flow.decide(OAuth1Flow.browser(), t.get("oauth_token"), acct.email(), acct.password(), "approve");
    String verifier = page.body().replaceAll("(?s).*id=\"verifier\">([^<]+)<.*", "$1");
    var s = OAuth1Signer.builder(app.key(), app.secret()).token(t.get("oauth_token"), t.get("oauth_token_secret")).build();
    h.setStatus(acct, "disabled");
    var disabled = flow.signedPost(s, "/v2/oauth/access_token", Map.of("oauth_verifier", verifier));
    assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(403);
    assertThat(json(disabled).getString("message")).isEqualTo("API Access is disabled");
    assertThat(disabled.body()).doesNotContain("oauth_token_secret");
    h.setStatus(acct, "locked");
    var locked = flow.signedPost(s, "/v2/oauth/access_token", Map.of("oauth_verifier", verifier));
    assertThat(locked.statusCode()).as(locked.body()).isEqualTo(403);
    assertThat(json(locked).getString("message")).isEqualTo("No API Access");
    h.setStatus(acct, "active");
    assertThat(flow.signedPost(s, "/v2/oauth/access_token", Map.of("oauth_verifier", verifier)).statusCode()).isEqualTo(200);
  }

  @Test
  void authorize_wrongPasswordOrForgedCsrf_refused() {
    var t = flow.requestToken(app.key(), app.secret(), Map.of("oauth_callback", "oob"));
    var r = flow.decide(OAuth1Flow.browser(), t.get("oauth_token"), user.email(), "wrong password", "approve");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("The email or password is not right");
    var forged = flow.post(OAuth1Flow.browser(), "/v2/oauth/authorize", "oauth_token=" + t.get("oauth_token")
        + "&csrf=00&email=" + OAuth1Flow.enc(user.email()) + "&password=" + OAuth1Flow.enc(user.password()) + "&action=approve");
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(flow.get(OAuth1Flow.browser(), "/v2/oauth/authorize?oauth_token=nope").statusCode()).isEqualTo(400);
  }

  @Test
  void revocation_adminDelete_lockedAccount_revokedClient() {
    var acct = h.account();
    var t = flow.threeLegged(app, acct, null);
    var t2 = flow.threeLegged(app, acct, "read");
    assertThat(flow.signedGet(access(t), "/v2/whoami").statusCode()).isEqualTo(200);
    var list = h.admin("GET", "/admin/accounts/" + acct.id() + "/authorizations", null);
    assertThat(json(list).getJsonArray("authorizations").size()).isEqualTo(1);
    h.setStatus(acct, "locked");
    var locked = flow.signedGet(access(t), "/v2/whoami");
    assertThat(locked.statusCode()).isEqualTo(403);
    assertThat(json(locked).getString("message")).isEqualTo("No API Access");
    h.setStatus(acct, "disabled");
    assertThat(json(flow.signedGet(access(t), "/v2/whoami")).getString("message")).isEqualTo("API Access is disabled");
    h.setStatus(acct, "active");
    assertThat(h.admin("DELETE", "/admin/accounts/" + acct.id() + "/authorizations/" + app.key(), null).statusCode()).isEqualTo(204);
    assertProblem(flow.signedGet(access(t), "/v2/whoami"), 401, "token_rejected");
    assertProblem(flow.signedGet(access(t2), "/v2/whoami"), 401, "token_rejected");
    assertThat(h.admin("DELETE", "/admin/accounts/" + acct.id() + "/authorizations/" + app.key(), null).statusCode()).isEqualTo(404);

    var other = h.client(owner, false, "read");
    var t3 = flow.threeLegged(other, acct, null);
    var s3 = OAuth1Signer.builder(other.key(), other.secret()).token(t3.get("oauth_token"), t3.get("oauth_token_secret")).build();
    assertThat(flow.signedGet(s3, "/v2/whoami").statusCode()).isEqualTo(200);
    assertThat(h.admin("DELETE", "/admin/clients/" + other.key(), null).statusCode()).isEqualTo(204);
    assertProblem(flow.signedGet(s3, "/v2/whoami"), 401, "consumer_key_rejected");
  }

  @Test
  void signatureMethods_hmacSha256PlaintextRsaSha1() throws Exception {
    var t = flow.threeLegged(app, user, null);
    for (var m : List.of(OAuth1Signer.Method.HMAC_SHA256, OAuth1Signer.Method.PLAINTEXT)) {
      var s = OAuth1Signer.builder(app.key(), app.secret()).token(t.get("oauth_token"), t.get("oauth_token_secret")).method(m).build();
      assertThat(flow.signedGet(s, "/v2/whoami").statusCode()).as(m.name()).isEqualTo(200);
    }
    var kp = java.security.KeyPairGenerator.getInstance("RSA").generateKeyPair();
    var rsa = OAuth1Signer.builder(app.key(), null).token(t.get("oauth_token"), null).rsaKey(kp.getPrivate()).build();
    assertProblem(flow.signedGet(rsa, "/v2/whoami"), 400, "signature_method_rejected");
    String pem = "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder().encodeToString(kp.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
    var put = h.admin("PUT", "/admin/clients/" + app.key() + "/oauth1-rsa-key", new JsonObject().put("public_key_pem", pem));
    assertThat(put.statusCode()).as(put.body()).isEqualTo(204);
    assertThat(flow.signedGet(rsa, "/v2/whoami").statusCode()).isEqualTo(200);
    assertThat(h.admin("PUT", "/admin/clients/" + app.key() + "/oauth1-rsa-key", new JsonObject().put("public_key_pem", "x"))
        .statusCode()).isEqualTo(400);
  }
}
