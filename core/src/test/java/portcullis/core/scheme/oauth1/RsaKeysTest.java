package portcullis.core.scheme.oauth1;

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
}
