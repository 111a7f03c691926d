package portcullis.core.scheme.bearer;

import com.nimbusds.jose.JWSAlgorithm;

/** The signature algorithms bearer tokens may be signed with. */
public enum BearerAlgorithm {
  /** ECDSA P-256 with SHA-256 (RFC 7518 §3.4): the default, verified by every JOSE library. */
  ES256(JWSAlgorithm.ES256),
  /** Ed25519 (RFC 8037), computed with the JDK's own Ed25519, so no Tink is needed. */
  EdDSA(JWSAlgorithm.EdDSA),
  /** HMAC SHA-256 with a secret key: fastest, but the key cannot be published, so upstreams cannot verify. */
  HS256(JWSAlgorithm.HS256);

  final JWSAlgorithm jws;

  BearerAlgorithm(JWSAlgorithm jws) {
    this.jws = jws;
  }

  public boolean isSymmetric() {
    return this == HS256;
  }

  /** Parses {@code ES256|EdDSA|HS256} (exact spelling); null for anything else. */
  public static BearerAlgorithm parse(String s) {
    for (BearerAlgorithm a : values()) {
      if (a.name().equals(s)) {
        return a;
      }
    }
    return null;
  }
}
