package portcullis.core.scheme.oauth1;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import portcullis.core.Directory;
import portcullis.core.testing.TestRequest;
import portcullis.core.testing.MemoryDirectory;

/** Random and hostile input never throws from the parser or the verifier; it is a 4xx or "not mine". */
class OAuth1ParserFuzzTest {
  static final String ALPHABET = "OAuth oauth_consumer_key=\"%,;\\ \t=&+abcXYZ019_-.~\u00e9\u3001\"\u0000\n";

  static String random(Random r, int max) {
    StringBuilder b = new StringBuilder();
    int n = r.nextInt(max);
    for (int i = 0; i < n; i++) {
      b.append(r.nextInt(10) == 0 ? (char) r.nextInt(0x3000) : ALPHABET.charAt(r.nextInt(ALPHABET.length())));
    }
    return b.toString();
  }

  @Test
  void parse_randomInput_neverThrows() {
    Random r = new Random(5849);
    Directory empty = new MemoryDirectory();
    OAuth1Tokens none = new OAuth1Tokens() {
      public Optional<OAuth1Token> find(String v, portcullis.core.Directory lookups) {
        return Optional.empty();
      }

      public Optional<java.security.PublicKey> rsaKey(String k, portcullis.core.Directory lookups) {
        return Optional.empty();
      }
    };
    OAuth1Verifier v = new OAuth1Verifier(none, () -> Instant.EPOCH, OAuth1Policy.DEFAULT);
    OAuth1Scheme scheme = new OAuth1Scheme(v);
    for (int i = 0; i < 20_000; i++) {
      String auth = (r.nextBoolean() ? "OAuth " : "") + random(r, 200);
      TestRequest req = new TestRequest(r.nextBoolean() ? "GET" : "POST", "/p?" + random(r, 80).replace("#", ""))
          .header("Authorization", auth).header("Host", random(r, 20));
      if (r.nextBoolean()) {
        req.body(random(r, 120));
      }
      OAuth1Parser.parse(req, "r");
      var result = v.verify(req, "r", empty, OAuth1Verifier.Expect.values()[r.nextInt(3)]);
      assertThat(result.isOk()).isFalse();
      assertThat(result.failure().status()).isBetween(400, 499);
      scheme.recognizes(req);
    }
  }
}
