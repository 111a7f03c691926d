package portcullis.server.bearer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.Harness;
import portcullis.server.testing.NodeClients;
import portcullis.server.testing.RunningGateway;

/**
 * The default bearer algorithm (ES256) verified from the JWKS alone by what upstreams use out of the
 * box: Nimbus's standard {@code DefaultJWTProcessor} with a remote JWK source (what Spring Security's
 * {@code NimbusJwtDecoder} builds), python3-jwt (Debian) and npm jose. EdDSA, still an option, is
 * verified by python3-jwt and jose; Nimbus's standard processor cannot (its Ed25519 verifier needs
 * Google Tink), which is why it is not the default.
 */
class BearerJwksInteropTest {
  @RegisterExtension
  static final RunningGateway h = RunningGateway.demo();
  static final Harness.TestAccount owner = h.accountForClass("owner+jwks@example.com", "open sesame 9");
  static final Harness.TestClient app = h.clientForClass(owner, false, "read");

  static DefaultJWTProcessor<SecurityContext> nimbus(String base, JWSAlgorithm alg) throws Exception {
    JWKSource<SecurityContext> keys = JWKSourceBuilder.create(URI.create(base + "/.well-known/jwks.json").toURL()).build();
    DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
    p.setJWSKeySelector(new JWSVerificationKeySelector<>(alg, keys));
    return p;
  }

  static JsonObject jose(String base, String token) {
    Harness.Run r = NodeClients.node(Map.of(), "jose-verify.mjs", base + "/.well-known/jwks.json", token);
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    return new JsonObject(r.out().strip());
  }

  static JsonObject pyjwt(String base, String token) {
    Harness.Run r = BearerTesting.python(BearerTesting.PYJWT_VERIFY, base, token);
    assertThat(r.exit()).as(r.err()).isZero();
    return new JsonObject(r.out().strip());
  }

  @Test
  void defaultAlgorithm_isES256_inTheTokenAndTheJwks() {
    String token = BearerTesting.token(h, app);
    assertThat(new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[0]))).contains("\"alg\":\"ES256\"");
    JsonObject key = Harness.json(h.get("/.well-known/jwks.json")).getJsonArray("keys").getJsonObject(0);
    assertThat(key.getString("alg")).isEqualTo("ES256");
    assertThat(key.getString("kty")).isEqualTo("EC");
  }

  @Test
  void nimbusDefaultJwtProcessor_verifiesTheDefault() throws Exception {
    String token = BearerTesting.token(h, app);
    JWTClaimsSet claims = nimbus(h.base, JWSAlgorithm.ES256).process(token, null);
    assertThat(claims.getSubject()).isEqualTo(owner.id());
    assertThat(claims.getStringClaim("client_id")).isEqualTo(app.key());
    assertThat(claims.getIssuer()).isEqualTo("portcullis");
  }

  @Test
  void pyjwt_verifiesTheDefault() {
    JsonObject claims = pyjwt(h.base, BearerTesting.token(h, app));
    assertThat(claims.getString("sub")).isEqualTo(owner.id());
    assertThat(claims.getString("client_id")).isEqualTo(app.key());
  }

  @Test
  void jose_verifiesTheDefault() {
    JsonObject r = jose(h.base, BearerTesting.token(h, app));
    assertThat(r.getString("alg")).isEqualTo("ES256");
    assertThat(r.getJsonObject("claims").getString("sub")).isEqualTo(owner.id());
  }

  @Test
  void eddsaOption_verifiedByPyjwtAndJose_notByNimbusStandardProcessor() throws Exception {
    try (Harness g = Harness.start("""
        schemes:
          bearer:
            algorithm: EdDSA
        routes:
          - name: api-whoami
            path: /api/whoami
            upstream: sample
            schemes: [bearer]
        """)) {
      var acct = g.account();
      var c = g.client(acct, false, "read");
      String token = BearerTesting.token(g, c);
      assertThat(jose(g.base, token).getString("alg")).isEqualTo("EdDSA");
      assertThat(pyjwt(g.base, token).getString("sub")).isEqualTo(acct.id());
      assertThatThrownBy(() -> nimbus(g.base, JWSAlgorithm.EdDSA).process(token, null)).isInstanceOf(Exception.class);
    }
  }
}
