package portcullis.core.scheme.bearer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;

/**
 * EdDSA (Ed25519, RFC 8037) for Nimbus on the JDK's own Ed25519 provider, so that no Tink is
 * needed. Keys travel as Nimbus {@link OctetKeyPair}s; the raw 32-byte values are wrapped into the
 * fixed X.509 / PKCS#8 prefixes the JDK expects. Thread-safe.
 */
final class JdkEd25519 {
  private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
  private static final byte[] PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");

  private JdkEd25519() {}

  static OctetKeyPair generate(String kid) {
    try {
      KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      byte[] x = tail(kp.getPublic().getEncoded(), X509_PREFIX.length);
      byte[] d = tail(kp.getPrivate().getEncoded(), PKCS8_PREFIX.length);
      return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x)).d(Base64URL.encode(d)).keyID(kid).build();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 unavailable in this JDK", e);
    }
  }

  private static byte[] tail(byte[] encoded, int prefix) {
    return Arrays.copyOfRange(encoded, prefix, encoded.length);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static PublicKey publicKey(OctetKeyPair jwk) throws GeneralSecurityException {
    byte[] x = jwk.getX().decode();
    return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(concat(X509_PREFIX, x)));
  }

  static PrivateKey privateKey(OctetKeyPair jwk) throws GeneralSecurityException {
    byte[] d = jwk.getD().decode();
    return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_PREFIX, d)));
  }

  /** Signs with the private half. */
  static final class Signer implements JWSSigner {
    private final PrivateKey key;
    private final JCAContext jca = new JCAContext();

    Signer(OctetKeyPair jwk) throws GeneralSecurityException {
      this.key = privateKey(jwk);
    }

    @Override
    public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
      try {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(key);
        s.update(signingInput);
        return Base64URL.encode(s.sign());
      } catch (GeneralSecurityException e) {
        throw new JOSEException("Ed25519 signing failed: " + e.getMessage(), e);
      }
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
      return Set.of(JWSAlgorithm.EdDSA);
    }

    @Override
    public JCAContext getJCAContext() {
      return jca;
    }
  }

  /** Verifies with the public half; false (never an exception) for a malformed signature. */
  static final class Verifier implements JWSVerifier {
    private final PublicKey key;
    private final JCAContext jca = new JCAContext();

    Verifier(OctetKeyPair jwk) throws GeneralSecurityException {
      this.key = publicKey(jwk);
    }

    @Override
    public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) {
      if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
        return false;
      }
      try {
        byte[] sig = signature.decode();
        if (sig.length != 64) {
          return false;
        }
        Signature s = Signature.getInstance("Ed25519");
        s.initVerify(key);
        s.update(signingInput);
        return s.verify(sig);
      } catch (GeneralSecurityException | RuntimeException e) {
        return false;
      }
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
      return Set.of(JWSAlgorithm.EdDSA);
    }

    @Override
    public JCAContext getJCAContext() {
      return jca;
    }
  }
}
