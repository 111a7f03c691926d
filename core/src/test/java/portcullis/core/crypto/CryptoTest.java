package portcullis.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CryptoTest {
  @Test
  void secretBox_roundTripAndWrongKey() {
    SecretBox box = new SecretBox("master-key-aaaaaaaaaaaaaaaa");
    String sealed = box.seal("s3cr3t ✓");
    assertThat(sealed).startsWith("v1:").doesNotContain("s3cr3t");
    assertThat(box.seal("s3cr3t ✓")).isNotEqualTo(sealed);
    assertThat(box.open(sealed)).isEqualTo("s3cr3t ✓");
    assertThatThrownBy(() -> new SecretBox("another-master-key-bbbbbbbb").open(sealed))
        .isInstanceOf(SecretBox.WrongKeyException.class).hasMessageNotContaining("s3cr3t");
  }

  @Test
  void secretBox_shortMasterKeyRefused() {
    assertThatThrownBy(() -> new SecretBox("short")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void passwords_argon2idPhc() {
    String h = Passwords.hash("correct horse");
    assertThat(h).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    assertThat(Passwords.verify("correct horse", h)).isTrue();
    assertThat(Passwords.verify("correct horsf", h)).isFalse();
    // issue 12: a malformed stored hash is "could not check" (503), no longer a silent mismatch (401)
    assertThatThrownBy(() -> Passwords.verify("x", "not a hash")).isInstanceOf(portcullis.core.CheckFailedException.class);
  }

  @Test
  void constantTimeEquals_nullsNeverEqual() {
    assertThat(Crypto.constantTimeEquals("a", "a")).isTrue();
    assertThat(Crypto.constantTimeEquals("a", "b")).isFalse();
    assertThat(Crypto.constantTimeEquals((String) null, (String) null)).isFalse();
    assertThat(Crypto.randomBase62(40)).hasSize(40).matches("[0-9A-Za-z]+");
  }

  @Test
  void passwords_malformedStoredHash_isCouldNotCheck_notAMismatch() {
    assertThat(Passwords.verify("pw", Passwords.hash("pw"))).isTrue();
    assertThat(Passwords.verify("other", Passwords.hash("pw"))).isFalse();
    assertThatThrownBy(() -> Passwords.verify("pw", "not-a-phc-string")).isInstanceOf(portcullis.core.CheckFailedException.class);
  }

  @Test
  void rsaSha1_aKeyTheProviderRefuses_isCouldNotCheck_aBadSignatureIsFalse() throws Exception {
    var rsa = java.security.KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    var pair = rsa.generateKeyPair();
    String sig = portcullis.core.scheme.oauth1.Signatures.signRsaSha1("base", pair.getPrivate());
    assertThat(portcullis.core.scheme.oauth1.Signatures.verifyRsaSha1("base", sig, pair.getPublic())).isTrue();
    assertThat(portcullis.core.scheme.oauth1.Signatures.verifyRsaSha1("base", "AAAA", pair.getPublic())).isFalse();
    assertThat(portcullis.core.scheme.oauth1.Signatures.verifyRsaSha1("base", "%%%", pair.getPublic())).isFalse();
    var ec = java.security.KeyPairGenerator.getInstance("EC").generateKeyPair().getPublic();
    assertThatThrownBy(() -> portcullis.core.scheme.oauth1.Signatures.verifyRsaSha1("base", sig, ec))
        .isInstanceOf(portcullis.core.CheckFailedException.class);
  }
}
