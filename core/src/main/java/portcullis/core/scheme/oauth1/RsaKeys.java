package portcullis.core.scheme.oauth1;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * Reads an RSA public key from PEM: {@code PUBLIC KEY} (SubjectPublicKeyInfo), {@code RSA PUBLIC
 * KEY} (PKCS#1) or a {@code CERTIFICATE}; the DER of keys is read with Bouncy Castle's ASN.1
 * classes, certificates with the JDK's. Throws {@link IllegalArgumentException} with a readable
 * message for anything else.
 */
public final class RsaKeys {
  private RsaKeys() {}

  public static RSAPublicKey parsePublic(String pem) {
    if (pem == null || pem.length() > 16_384) {
      throw new IllegalArgumentException("expected a PEM RSA public key or certificate (at most 16 KiB)");
    }
    try {
      if (pem.contains("BEGIN CERTIFICATE")) {
        var cert = CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        return rsa(cert.getPublicKey());
      }
      if (pem.contains("BEGIN RSA PUBLIC KEY")) {
        return pkcs1(body(pem, "RSA PUBLIC KEY"));
      }
      if (pem.contains("BEGIN PUBLIC KEY")) {
        byte[] der = body(pem, "PUBLIC KEY");
        if (!PKCSObjectIdentifiers.rsaEncryption.equals(SubjectPublicKeyInfo.getInstance(der).getAlgorithm().getAlgorithm())) {
          throw new KeyRejected("the key is not an RSA key");
        }
        return rsa(KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der)));
      }
    } catch (KeyRejected e) {
      throw e;
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException("the PEM does not hold a readable RSA public key", e);
    }
    throw new IllegalArgumentException("expected -----BEGIN PUBLIC KEY-----, -----BEGIN RSA PUBLIC KEY----- or -----BEGIN CERTIFICATE-----");
  }

  private static RSAPublicKey rsa(PublicKey k) {
    if (k instanceof RSAPublicKey r) {
      if (r.getModulus().bitLength() < 1024) {
        throw new KeyRejected("RSA keys must have at least 1024 bits, this one has " + r.getModulus().bitLength());
      }
      return r;
    }
    throw new KeyRejected("the key is not an RSA key (it is " + k.getAlgorithm() + ")");
  }

  /** A readable key of the wrong kind or size: its message is passed on as it is. */
  private static final class KeyRejected extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    KeyRejected(String message) {
      super(message);
    }
  }

  private static byte[] body(String pem, String label) {
    int b = pem.indexOf("-----BEGIN " + label + "-----");
    int e = pem.indexOf("-----END " + label + "-----");
    if (b < 0 || e < b) {
      throw new IllegalArgumentException("unterminated PEM block " + label);
    }
    return Base64.getMimeDecoder().decode(pem.substring(b + label.length() + 16, e));
  }

  /** PKCS#1 {@code RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }}, read by Bouncy Castle. */
  private static RSAPublicKey pkcs1(byte[] der) throws GeneralSecurityException {
    org.bouncycastle.asn1.pkcs.RSAPublicKey k = org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(der);
    return rsa(KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(k.getModulus(), k.getPublicExponent())));
  }
}
