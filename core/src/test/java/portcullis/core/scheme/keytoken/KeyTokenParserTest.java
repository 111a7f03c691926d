package portcullis.core.scheme.keytoken;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyTokenParserTest {
  /** The other built-in schemes' Authorization words (the server derives them from its modules; ModulesTest checks). */
  static final String[] OTHER_WORDS = {"Basic", "Digest", "Bearer", "OAuth", "KSig1-HMAC-SHA256"};
  static final String ALPHABET = ":/+=-_ aZ09\t\u0000";

  @Test
  void parse_keyAlone() {
    var p = KeyTokenParser.parse("f84af487-a315-42e6-a57a-d79296bd9d99");
    assertThat(p.isOk()).isTrue();
    assertThat(p.value().publicKey()).isEqualTo("f84af487-a315-42e6-a57a-d79296bd9d99");
    assertThat(p.value().hasToken()).isFalse();
  }

  @Test
  void parse_keyAndSeedStyleBase64Token() {
    var p = KeyTokenParser.parse("f84af487:8juHBgBOXv1WDmuHFCR/+8h0U6qS7k08WCil3y/mBjZ=");
    assertThat(p.value().publicKey()).isEqualTo("f84af487");
    assertThat(p.value().token()).isEqualTo("8juHBgBOXv1WDmuHFCR/+8h0U6qS7k08WCil3y/mBjZ=");
    assertThat(p.value().toString()).doesNotContain("8juHB");
  }

  @Test
  void parse_over120Characters_error() {
    assertThat(KeyTokenParser.parse("k:" + "a".repeat(119)).failure().message()).contains("too long");
    assertThat(KeyTokenParser.parse("k:" + "a".repeat(118)).isOk()).isTrue();
  }

  @Test
  void parse_badShapes_error() {
    for (String bad : new String[] {"key:", ":token", "ke y", "key:tok:en", "k\u00e9y", "key:tok en", "key;token"}) {
      assertThat(KeyTokenParser.parse(bad).isOk()).as(bad).isFalse();
    }
  }

  @Test
  void isKeyToken_otherSchemesNotRecognized() {
    assertThat(KeyTokenParser.isKeyToken("Basic YTpi", OTHER_WORDS)).isFalse();
    assertThat(KeyTokenParser.isKeyToken("bearer abc", OTHER_WORDS)).isFalse();
    assertThat(KeyTokenParser.isKeyToken("KSig1-HMAC-SHA256 Signature=00", OTHER_WORDS)).isFalse();
    assertThat(KeyTokenParser.isKeyToken("", OTHER_WORDS)).isFalse();
    assertThat(KeyTokenParser.isKeyToken(null, OTHER_WORDS)).isFalse();
    assertThat(KeyTokenParser.isKeyToken("key:token", OTHER_WORDS)).isTrue();
    assertThat(KeyTokenParser.isKeyToken("two words", OTHER_WORDS)).isTrue();
  }

  @Test
  void parse_randomInput_neverThrows() {
    Random r = new Random(42);
    for (int i = 0; i < 50_000; i++) {
      char[] c = new char[r.nextInt(200)];
      for (int j = 0; j < c.length; j++) {
        c[j] = r.nextInt(4) == 0 ? (char) r.nextInt(0x3000) : ALPHABET.charAt(r.nextInt(ALPHABET.length()));
      }
      String s = new String(c);
      var p = KeyTokenParser.parse(s);
      assertThat(p.isOk() || p.failure().status() == 400 || p.failure().status() == 401).isTrue();
      KeyTokenParser.isKeyToken(s, OTHER_WORDS);
    }
  }
}
