package portcullis.core.scheme.oauth1;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Reads an RSA public key from PEM: {@code PUBLIC KEY} (SubjectPublicKeyInfo), {@code RSA PUBLIC
 * KEY} (PKCS#1) or a {@code CERTIFICATE}. Throws {@link IllegalArgumentException} with a readable
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
        byte[] spki = body(pem, "PUBLIC KEY");
        if (!contains(spki, RSA_ENCRYPTION)) {
          throw new KeyRejected("the key is not an RSA key");
        }
        return rsa(KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(spki)));
      }
    } catch (KeyRejected e) {
      throw e;
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException("the PEM does not hold a readable RSA public key", e);
    }
    throw new IllegalArgumentException("expected -----BEGIN PUBLIC KEY-----, -----BEGIN RSA PUBLIC KEY----- or -----BEGIN CERTIFICATE-----");
  }

  /** DER of the OID 1.2.840.113549.1.1.1 (rsaEncryption), the algorithm of an RSA SubjectPublicKeyInfo. */
  private static final byte[] RSA_ENCRYPTION = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};

  private static boolean contains(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
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

  /** PKCS#1 RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }. */
  private static RSAPublicKey pkcs1(byte[] der) throws GeneralSecurityException {
    int[] pos = {0};
    expect(der, pos, 0x30);
    readLength(der, pos);
    BigInteger n = integer(der, pos);
    BigInteger e = integer(der, pos);
    return rsa(KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e)));
  }

  private static BigInteger integer(byte[] der, int[] pos) {
    expect(der, pos, 0x02);
    int len = readLength(der, pos);
    if (len <= 0 || pos[0] + len > der.length) {
      throw new IllegalArgumentException("bad DER integer");
    }
    byte[] v = java.util.Arrays.copyOfRange(der, pos[0], pos[0] + len);
    pos[0] += len;
    return new BigInteger(v);
  }

  private static void expect(byte[] der, int[] pos, int tag) {
    if (pos[0] >= der.length || (der[pos[0]++] & 0xff) != tag) {
      throw new IllegalArgumentException("bad DER structure");
    }
  }

  private static int readLength(byte[] der, int[] pos) {
    if (pos[0] >= der.length) {
      throw new IllegalArgumentException("bad DER length");
    }
    int first = der[pos[0]++] & 0xff;
    if (first < 0x80) {
      return first;
    }
    int count = first & 0x7f;
    if (count == 0 || count > 3 || pos[0] + count > der.length) {
      throw new IllegalArgumentException("bad DER length");
    }
    int len = 0;
    for (int i = 0; i < count; i++) {
      len = (len << 8) | (der[pos[0]++] & 0xff);
    }
    return len;
  }
}
