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
    assertThat(Passwords.verify("x", "not a hash")).isFalse();
  }

  @Test
  void constantTimeEquals_nullsNeverEqual() {
    assertThat(Crypto.constantTimeEquals("a", "a")).isTrue();
    assertThat(Crypto.constantTimeEquals("a", "b")).isFalse();
    assertThat(Crypto.constantTimeEquals((String) null, (String) null)).isFalse();
    assertThat(Crypto.randomBase62(40)).hasSize(40).matches("[0-9A-Za-z]+");
  }
}
