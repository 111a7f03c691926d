package portcullis.core.scheme.bearer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.Set;
import portcullis.core.Result;
import portcullis.core.crypto.Crypto;
import portcullis.core.dialect.OAuth2Dialect;

/**
 * Issues and verifies the JWTs: header {@code alg}, {@code kid}, {@code typ: JWT}; claims {@code
 * iss, sub, client_id, scope, iat, exp, jti}. Verification proves signature, algorithm (the one of
 * the key named by {@code kid}: {@code alg: none} and algorithm confusion are refused), issuer and
 * shape; it never throws for any input. Thread-safe.
 */
record BearerVerifier(KeyRing keys, String issuer) {

  /** The signed token and its claims. Throws IllegalStateException when no key can sign (not started). */
  record Issued(String compact, AccessToken token) {}

  Issued issue(String accountId, String clientKey, Set<String> scopes, Instant now, java.time.Duration ttl) {
    return issue(accountId, clientKey, scopes, now, ttl, null);
  }

  /** {@code thumbprint} non-null: the token carries {@code cnf: {"x5t#S256": thumbprint}} (RFC 8705 section 3.1). */
  Issued issue(String accountId, String clientKey, Set<String> scopes, Instant now, java.time.Duration ttl, String thumbprint) {
    SigningKey key = keys.signer();
    if (key == null) {
      throw new IllegalStateException("no signing key: the key ring has not been loaded");
    }
    Instant iat = Instant.ofEpochSecond(now.getEpochSecond());
    Instant exp = iat.plus(ttl);
    String jti = Crypto.randomBase62(22);
    AccessToken token = new AccessToken(jti, accountId, clientKey, scopes, iat, exp, key.kid(), thumbprint);
    JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().issuer(issuer).subject(accountId).claim("client_id", clientKey)
        .claim("scope", token.scopeString()).issueTime(Date.from(iat)).expirationTime(Date.from(exp)).jwtID(jti);
    if (thumbprint != null) {
      builder.claim("cnf", java.util.Map.of("x5t#S256", thumbprint));
    }
    JWTClaimsSet claims = builder.build();
    JWSHeader header = new JWSHeader.Builder(key.algorithm().jws).keyID(key.kid()).type(JOSEObjectType.JWT).build();
    SignedJWT jwt = new SignedJWT(header, claims);
    try {
      jwt.sign(key.signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("signing with key " + key.kid() + " failed: " + e.getMessage(), e);
    }
    return new Issued(jwt.serialize(), token);
  }

  /** The verified token, or its 401 {@code invalid_token} (without a realm). */
  Result<AccessToken> verify(String compact) {
    return verify(compact, null);
  }

  /** The verified token, or its 401 {@code invalid_token} naming {@code realm}. */
  Result<AccessToken> verify(String compact, String realm) {
    if (compact == null || compact.isEmpty() || compact.length() > BearerParser.MAX_TOKEN) {
      return bad(portcullis.core.Reason.MALFORMED, realm, "The access token is not a JWT issued here.", "empty or oversized token");
    }
    int dots = 0;
    for (int i = 0; i < compact.length(); i++) {
      if (compact.charAt(i) == '.') {
        dots++;
      }
    }
    if (dots != 2) {
      return bad(portcullis.core.Reason.MALFORMED, realm, "The access token is not a JWT issued here.", "token has " + dots + " dots, not 2");
    }
    if (!canonical(compact)) {
      return bad(portcullis.core.Reason.MALFORMED, realm, "The access token is not a JWT issued here.", "not canonical unpadded base64url (RFC 7515 section 2)");
    }
    try {
      SignedJWT jwt = SignedJWT.parse(compact);
      JWSHeader header = jwt.getHeader();
      String kid = header.getKeyID();
      if (kid == null) {
        return bad(portcullis.core.Reason.MALFORMED, realm, "The access token is not a JWT issued here.", "no kid in header");
      }
      SigningKey key = keys.verifier(kid);
      if (key == null) {
        return bad(portcullis.core.Reason.UNKNOWN_KEY, realm, "The access token was not signed by a key of this server.", "unknown or expired kid " + kid);
      }
      if (!key.algorithm().jws.equals(header.getAlgorithm())) {
        return bad(portcullis.core.Reason.BAD_SIGNATURE, realm, "The access token's signature algorithm is not the one of its key.",
            "alg " + header.getAlgorithm() + " for " + key.algorithm() + " key " + kid);
      }
      if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
        return bad(portcullis.core.Reason.MALFORMED, realm, "The access token is not a JWT issued here.", "crit header present");
      }
      if (!jwt.verify(key.verifier)) {
        return bad(portcullis.core.Reason.BAD_SIGNATURE, realm, "The access token's signature is not valid.", "bad signature, kid " + kid);
      }
      return claims(jwt.getJWTClaimsSet(), kid, issuer, realm);
    } catch (ParseException e) {
      return bad(portcullis.core.Reason.MALFORMED, realm, "The access token is not a JWT issued here.", "unparseable JWT: " + e.getMessage());
    } catch (JOSEException e) {
      throw new portcullis.core.CheckFailedException("JWT signature verification failed: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      return bad(portcullis.core.Reason.BAD_SIGNATURE, realm, "The access token's signature is not valid.", "verification failed: " + e);
    }
  }

  /**
   * RFC 7515 §2/§3.1: the three parts are unpadded base64url. The signature is the one part not covered
   * by the signature, so it must also be the one spelling of its bytes (no padding, no {@code +} or
   * {@code /}, no set unused bits): otherwise one token would have many accepted strings.
   */
  private static boolean canonical(String compact) {
    for (int i = 0; i < compact.length(); i++) {
      char c = compact.charAt(i);
      if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.')) {
        return false;
      }
    }
    String sig = compact.substring(compact.lastIndexOf('.') + 1);
    try {
      return URL_ENCODER.encodeToString(Base64.getUrlDecoder().decode(sig)).equals(sig);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The 401 {@code invalid_token} (RFC 6750 section 3.1) for a token that failed verification. */
  static Result<AccessToken> bad(portcullis.core.Reason why, String realm, String description, String logDetail) {
    return Result.reject(OAuth2Dialect.INSTANCE.resource(401, OAuth2Dialect.INVALID_TOKEN, description, realm, null,
        "bearer: " + logDetail).because(why));
  }

  private static final Base64.Encoder URL_ENCODER = Base64.getUrlEncoder().withoutPadding();

  private static Result<AccessToken> claims(JWTClaimsSet c, String kid, String issuer, String realm) throws ParseException {
    if (!issuer.equals(c.getIssuer())) {
      return bad(portcullis.core.Reason.MALFORMED, realm, "The access token was not issued by this server.", "iss " + c.getIssuer());
    }
    String sub = c.getSubject();
    String client = c.getStringClaim("client_id");
    String jti = c.getJWTID();
    Date iat = c.getIssueTime();
    Date exp = c.getExpirationTime();
    String scope = c.getStringClaim("scope");
    if (sub == null || client == null || jti == null || iat == null || exp == null) {
      return bad(portcullis.core.Reason.MALFORMED, realm, "The access token lacks required claims.", "missing claim");
    }
    Set<String> scopes = new LinkedHashSet<>();
    if (scope != null) {
      for (String s : scope.split(" ")) {
        if (!s.isEmpty()) {
          scopes.add(s);
        }
      }
    }
    String thumbprint = null;
    Object cnf = c.getClaim("cnf");
    if (cnf != null) {
      if (!(cnf instanceof java.util.Map<?, ?> m) || !(m.get("x5t#S256") instanceof String x5t) || x5t.isEmpty()) {
        return bad(portcullis.core.Reason.MALFORMED, realm, "The access token is not a JWT issued here.", "cnf without x5t#S256");
      }
      thumbprint = x5t;
    }
    return Result.ok(new AccessToken(jti, sub, client, scopes, iat.toInstant(), exp.toInstant(), kid, thumbprint));
  }
}
