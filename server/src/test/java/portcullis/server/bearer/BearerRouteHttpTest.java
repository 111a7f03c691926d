package portcullis.server.bearer;

import static org.assertj.core.api.Assertions.assertThat;
import static portcullis.server.Harness.basic;
import static portcullis.server.Harness.json;
import static portcullis.server.bearer.BearerTesting.assertError;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import org.junit.jupiter.api.Test;
import portcullis.server.Harness;
import portcullis.core.testing.MovableClock;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.testing.RunningGateway;

/** Bearer tokens on protected routes (RFC 6750): every refusal, revocation effects, manual key rotation. */
class BearerRouteHttpTest {
  static final String REALM = "Portcullis Demo";
  static MovableClock clock = MovableClock.atNow();

  @RegisterExtension
  static final RunningGateway h = BearerTesting.gateway(clock);
  static final Harness.TestAccount owner = h.accountForClass();
  static final Harness.TestClient app = h.clientForClass(owner, false, "read", "write");

  static HttpResponse<String> whoami(String token) {
    return h.get("/api/whoami", "Authorization", "Bearer " + token);
  }

  static void assertInvalidToken(HttpResponse<String> r, String description) {
    JsonObject b = assertError(r, 401, "invalid_token");
    assertThat(b.getString("error_description")).isEqualTo(description);
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue(
        "Bearer realm=\"" + REALM + "\", error=\"invalid_token\", error_description=\"" + description + "\"");
  }

  static String kidOf(String token) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8)).getString("kid");
  }

  @Test
  void authenticate_noToken_401BareChallenge() {
    var r = h.get("/api/whoami");
    assertError(r, 401, "invalid_token");
    assertThat(r.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"" + REALM + "\"");
  }

  @Test
  void authenticate_malformedRequests_400() {
    String[] empty = Harness.curl("-i", "-H", "Authorization: Bearer ", h.base + "/api/whoami");
    assertThat(empty[1]).as(empty[0]).isEqualTo("400");
    for (String auth : new String[] {"Bearer a b", "Bearer tok\"en", "Bearer =abc"}) {
      var r = h.get("/api/whoami", "Authorization", auth);
      assertError(r, 400, "invalid_request");
      assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer realm=\"" + REALM + "\", error=\"invalid_request\"");
    }
    String token = BearerTesting.token(h, app);
    assertError(h.get("/api/whoami?access_token=" + token), 400, "invalid_request");
    assertError(h.get("/api/whoami?access_token=" + token, "Authorization", "Bearer " + token), 400, "invalid_request");
  }

  @Test
  void authenticate_badTokens_401() {
    String desc = "The access token is not a JWT issued here.";
    assertInvalidToken(whoami("abc"), desc);
    assertInvalidToken(whoami("a.b.c"), desc);
    // RFC 7519 §6.1 unsecured JWT (vectors/jwt.json)
    assertInvalidToken(whoami("eyJhbGciOiJub25lIn0.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ."), desc);
    // RFC 7515 A.1 HS256 token: no kid, not ours
    assertInvalidToken(whoami("eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"), desc);
  }

  @Test
  void authenticate_forgedTokens_401() throws Exception {
    String real = BearerTesting.token(h, app);
    String kid = kidOf(real);
    JWTClaimsSet claims = SignedJWT.parse(real).getJWTClaimsSet();
    // alg none carrying our kid and claims
    String none = Base64.getUrlEncoder().withoutPadding().encodeToString(("{\"alg\":\"none\",\"kid\":\"" + kid + "\"}").getBytes())
        + "." + real.split("\\.")[1] + ".";
    assertInvalidToken(whoami(none), "The access token is not a JWT issued here.");
    // the right kid and algorithm (ES256, the default), signed by another P-256 key
    SignedJWT wrongKey = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).build(), claims);
    wrongKey.sign(new ECDSASigner(new ECKeyGenerator(Curve.P_256).generate()));
    assertInvalidToken(whoami(wrongKey.serialize()), "The access token's signature is not valid.");
    // the right kid, signed with another algorithm (EdDSA) by another key
    String signingInput = Base64.getUrlEncoder().withoutPadding().encodeToString(
        ("{\"alg\":\"EdDSA\",\"kid\":\"" + kid + "\"}").getBytes(StandardCharsets.UTF_8)) + "." + real.split("\\.")[1];
    var other = new org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters(new java.security.SecureRandom());
    var ed = new org.bouncycastle.crypto.signers.Ed25519Signer();
    ed.init(true, other);
    byte[] in = signingInput.getBytes(StandardCharsets.US_ASCII);
    ed.update(in, 0, in.length);
    String otherAlg = signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(ed.generateSignature());
    assertInvalidToken(whoami(otherAlg), "The access token's signature algorithm is not the one of its key.");
    // algorithm confusion: HS256 keyed with the published JWKS
    SignedJWT confused = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).build(), claims);
    confused.sign(new MACSigner(h.get("/.well-known/jwks.json").body().repeat(2).getBytes(StandardCharsets.UTF_8)));
    assertInvalidToken(whoami(confused.serialize()), "The access token's signature algorithm is not the one of its key.");
    // payload changed under the original signature
    String[] p = real.split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(p[1]), StandardCharsets.UTF_8).replace("read write", "admin read write");
    assertInvalidToken(whoami(p[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes()) + "." + p[2]),
        "The access token's signature is not valid.");
    assertThat(whoami(real).statusCode()).isEqualTo(200);
  }

  @Test
  void authenticate_expiredToken_401() {
    String token = BearerTesting.token(h, app);
    assertThat(whoami(token).statusCode()).isEqualTo(200);
    clock.advance(Duration.ofSeconds(599));
    try {
      assertThat(whoami(token).statusCode()).isEqualTo(200);
      clock.advance(Duration.ofSeconds(1));
      assertInvalidToken(whoami(token), "The access token expired");
    } finally {
      clock.advance(Duration.ofSeconds(-600));
    }
  }

  @Test
  void authenticate_missingScope_403() {
    String token = BearerTesting.token(h, app);
    var r = h.get("/api/admin/whoami", "Authorization", "Bearer " + token);
    assertError(r, 403, "insufficient_scope");
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"" + REALM
        + "\", error=\"insufficient_scope\", error_description=\"This request needs the scope(s): admin\", scope=\"admin\"");
    var admin = h.client(owner, false, "admin");
    assertThat(h.get("/api/admin/whoami", "Authorization", "Bearer " + BearerTesting.token(h, admin)).statusCode()).isEqualTo(200);
  }

  @Test
  void authenticate_tokenInFormBody() {
    String token = BearerTesting.token(h, app);
    var r = BearerTesting.post(h, "/api/form/whoami", null, BearerTesting.FORM, "access_token=" + token + "&x=1");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json(r).getString("scheme")).isEqualTo("bearer");
  }

  @Test
  void authenticate_clientRevokedOrOwnerLocked_nextRequestRefused() {
    var acct = h.account();
    var c = h.client(acct, false, "read");
    String token = BearerTesting.token(h, c);
    assertThat(whoami(token).statusCode()).isEqualTo(200);
    h.setStatus(acct, "locked");
    assertInvalidToken(whoami(token), "The authenticated account is locked due to an unpaid balance.");
    h.setStatus(acct, "disabled");
    assertInvalidToken(whoami(token), "API access has been disabled for this user due to API terms violation.");
    h.setStatus(acct, "active");
    assertThat(whoami(token).statusCode()).isEqualTo(200);
    h.admin("DELETE", "/admin/clients/" + c.key(), null);
    assertInvalidToken(whoami(token), "The app this token was issued to has been revoked.");
  }

  @Test
  void rotate_oldTokensStayValidAndBothKeysPublished() {
    String before = BearerTesting.token(h, app);
    var r = h.admin("POST", "/admin/bearer/keys/rotate", null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    String after = BearerTesting.token(h, app);
    assertThat(kidOf(after)).isNotEqualTo(kidOf(before));
    assertThat(json(r).getJsonArray("published").getList()).contains(kidOf(before), kidOf(after));
    assertThat(whoami(before).statusCode()).isEqualTo(200);
    assertThat(whoami(after).statusCode()).isEqualTo(200);
    for (String t : new String[] {before, after}) {
      Harness.Run py = BearerTesting.python(BearerTesting.PYJWT_VERIFY, h.base, t);
      assertThat(py.exit()).as(py.err()).isZero();
    }
    assertThat(h.get("/admin/bearer/keys").statusCode()).isEqualTo(401);
    assertThat(basic("a", "b")).isNotEmpty();
  }
}
