package portcullis.core.scheme.bearer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import java.text.ParseException;
import java.time.Instant;
import java.util.Map;

/** One usable key: its JWK, a Nimbus signer and verifier, and its lifetime. Immutable, thread-safe. */
final class SigningKey {
  final StoredKey stored;
  /** Bouncy Castle for P-256 verification (not registered globally: only these verifiers use it). */
  private static final java.security.Provider BC = new org.bouncycastle.jce.provider.BouncyCastleProvider();
  final JWSSigner signer;
  final JWSVerifier verifier;
  /** The public JWK as a JSON object for the JWKS, or null for a symmetric key. */
  final Map<String, Object> publicJwk;

  private SigningKey(StoredKey stored, JWSSigner signer, JWSVerifier verifier, Map<String, Object> publicJwk) {
    this.stored = stored;
    this.signer = signer;
    this.verifier = verifier;
    this.publicJwk = publicJwk;
  }

  String kid() {
    return stored.kid();
  }

  BearerAlgorithm algorithm() {
    return stored.algorithm();
  }

  /** The same key with other lifetimes (same signer and verifier). */
  SigningKey withExpiry(StoredKey longer) {
    return new SigningKey(longer, signer, verifier, publicJwk);
  }

  /** A fresh key of the given algorithm, as it would be stored. */
  static StoredKey generate(BearerAlgorithm alg, String kid, Instant created, Instant retire, Instant expires) {
    try {
      JWK jwk = switch (alg) {
        case ES256 -> new ECKeyGenerator(Curve.P_256).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(alg.jws).generate();
        case EdDSA -> Ed25519Jws.generate(kid);
        case HS256 -> new OctetSequenceKeyGenerator(256).keyID(kid).algorithm(alg.jws).generate();
      };
      return new StoredKey(kid, alg, jwk.toJSONString(), created, retire, expires);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate a " + alg + " key: " + e.getMessage(), e);
    }
  }

  /** Rebuilds the signer and verifier from a stored key; throws IllegalStateException for damaged data. */
  static SigningKey of(StoredKey k) {
    try {
      JWK jwk = JWK.parse(k.privateJwk());
      return switch (k.algorithm()) {
        case ES256 -> {
          ECKey ec = jwk.toECKey();
          ECKey pub = ec.toPublicJWK();
          // the JDK signs P-256 faster, Bouncy Castle verifies it about twice as fast
          ECDSAVerifier verifier = new ECDSAVerifier(pub);
          verifier.getJCAContext().setProvider(BC);
          yield new SigningKey(k, new ECDSASigner(ec), verifier, withAlg(pub.toJSONObject(), k));
        }
        case EdDSA -> {
          OctetKeyPair okp = jwk.toOctetKeyPair();
          OctetKeyPair pub = okp.toPublicJWK();
          yield new SigningKey(k, new Ed25519Jws.Signer(okp), new Ed25519Jws.Verifier(pub), withAlg(pub.toJSONObject(), k));
        }
        case HS256 -> {
          OctetSequenceKey oct = jwk.toOctetSequenceKey();
          yield new SigningKey(k, new MACSigner(oct), new MACVerifier(oct), null);
        }
      };
    } catch (ParseException | JOSEException | RuntimeException e) {
      throw new IllegalStateException("signing key " + k.kid() + " cannot be loaded: " + e.getMessage(), e);
    }
  }

  private static Map<String, Object> withAlg(Map<String, Object> json, StoredKey k) {
    var out = new java.util.LinkedHashMap<>(json);
    out.put("alg", k.algorithm().jws.getName());
    out.put("use", "sig");
    out.put("kid", k.kid());
    return out;
  }
}
