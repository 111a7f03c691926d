package portcullis.core.scheme.oauth1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class RsaKeysTest {
  static String pem(PublicKey k) {
    return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(k.getEncoded()) + "\n-----END PUBLIC KEY-----\n";
  }

  @Test
  void parsePublic_shortRsaOrNonRsaKey_saysWhatIsWrong() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(512);
    assertThatThrownBy(() -> RsaKeys.parsePublic(pem(rsa.generateKeyPair().getPublic())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1024 bits");
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(256);
    assertThatThrownBy(() -> RsaKeys.parsePublic(pem(ec.generateKeyPair().getPublic())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an RSA key");
  }

  static String pkcs1Pem(PublicKey k) {
    byte[] der;
    try {
      der = org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(k.getEncoded()).parsePublicKey().getEncoded();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    return "-----BEGIN RSA PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END RSA PUBLIC KEY-----\n";
  }

  @Test
  void parsePublic_spkiAndPkcs1_sameKey() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    PublicKey k = rsa.generateKeyPair().getPublic();
    assertThat(RsaKeys.parsePublic(pem(k))).isEqualTo(k);
    assertThat(RsaKeys.parsePublic(pkcs1Pem(k))).isEqualTo(k);
    assertThat(RsaKeys.parsePublic("comment line\n" + pem(k).replace("\n", "\r\n"))).isEqualTo(k);
    KeyPairGenerator small = KeyPairGenerator.getInstance("RSA");
    small.initialize(512);
    assertThatThrownBy(() -> RsaKeys.parsePublic(pkcs1Pem(small.generateKeyPair().getPublic())))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("RSA keys must have at least 1024 bits, this one has 512");
  }

  @Test
  void parsePublic_malformedInput_readableIllegalArgument() {
    String[][] cases = {
        {null, "expected a PEM RSA public key or certificate (at most 16 KiB)"},
        {"x".repeat(16_385), "expected a PEM RSA public key or certificate (at most 16 KiB)"},
        {"ssh-rsa AAAA", "expected -----BEGIN PUBLIC KEY-----, -----BEGIN RSA PUBLIC KEY----- or -----BEGIN CERTIFICATE-----"},
        {"-----BEGIN PUBLIC KEY-----\nMIIB\n", "the PEM does not hold a readable RSA public key"},
        {"-----BEGIN RSA PUBLIC KEY-----\nAAAA\n-----END RSA PUBLIC KEY-----", "the PEM does not hold a readable RSA public key"},
        {"-----BEGIN RSA PUBLIC KEY-----\nMAA=\n-----END RSA PUBLIC KEY-----", "the PEM does not hold a readable RSA public key"},
        {"-----BEGIN RSA PUBLIC KEY-----\nMAYCAQECAQ==\n-----END RSA PUBLIC KEY-----", "the PEM does not hold a readable RSA public key"},
        {"-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----", "the PEM does not hold a readable RSA public key"},
        {"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----", "the PEM does not hold a readable RSA public key"}};
    for (String[] c : cases) {
      assertThatThrownBy(() -> RsaKeys.parsePublic(c[0])).as(String.valueOf(c[0]))
          .isInstanceOf(IllegalArgumentException.class).hasMessage(c[1]);
    }
  }
}
