package portcullis.core.scheme.bearer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import portcullis.core.Result;
import portcullis.core.testing.TestRequest;
import org.junit.jupiter.api.Test;

/** RFC 6750 §2: where a token may be, and the b64token syntax. */
class BearerParserTest {
  static Result<BearerCredentials> parse(TestRequest r, boolean query) {
    return BearerParser.parse(r, query, "r");
  }

  @Test
  void parse_header() {
    var p = parse(TestRequest.get("Authorization", "Bearer mF_9.B5f-4.1JqM"), false);
    assertThat(p.value().token()).isEqualTo("mF_9.B5f-4.1JqM");
    assertThat(p.value().source()).isEqualTo(BearerCredentials.Source.HEADER);
    assertThat(parse(TestRequest.get("Authorization", "bearer abc=="), false).value().token()).isEqualTo("abc==");
  }

  @Test
  void parse_headerSyntaxErrors() {
    for (String bad : new String[] {"Bearer", "Bearer  ", "Bearer a b", "Bearer a\"b", "Bearer =x", "Bearer a=b"}) {
      assertThat(parse(TestRequest.get("Authorization", bad), false).isOk()).as(bad).isFalse();
    }
    assertThat(BearerParser.isBearer("Bearerx abc")).isFalse();
    assertThat(BearerParser.isBearer("Basic abc")).isFalse();
  }

  @Test
  void parse_formBody_rfc6750_2_2() {
    byte[] body = "access_token=mF_9.B5f-4.1JqM&x=1".getBytes(StandardCharsets.UTF_8);
    var r = TestRequest.of("POST", "/api/whoami", "", body, "Content-Type", "application/x-www-form-urlencoded");
    assertThat(BearerParser.present(r, false)).isTrue();
    assertThat(parse(r, false).value().source()).isEqualTo(BearerCredentials.Source.FORM);
    var get = TestRequest.of("GET", "/api/whoami", "", body, "Content-Type", "application/x-www-form-urlencoded");
    assertThat(BearerParser.present(get, false)).isFalse();
  }

  @Test
  void parse_query_onlyWhenAllowed() {
    var r = TestRequest.of("GET", "/api/whoami", "access_token=abc.def.ghi", new byte[0]);
    assertThat(BearerParser.present(r, false)).isTrue();
    assertThat(parse(r, false).failure().message()).contains("query string are not accepted");
    assertThat(parse(r, true).value().source()).isEqualTo(BearerCredentials.Source.QUERY);
  }

  @Test
  void parse_repeatedAccessToken_invalidRequest() {
    String repeated = "The access_token parameter is repeated; send it once.";
    var query = TestRequest.of("GET", "/api/whoami", "access_token=a.b.c&access_token=a.b.c", new byte[0]);
    assertThat(parse(query, true).failure().message()).isEqualTo(repeated);
    byte[] body = "access_token=a.b.c&access_token=d.e.f".getBytes(StandardCharsets.UTF_8);
    var form = TestRequest.of("POST", "/api/whoami", "", body, "Content-Type", "application/x-www-form-urlencoded");
    assertThat(parse(form, false).failure().message()).isEqualTo(repeated);
  }

  @Test
  void parse_twoMethods_invalidRequest() {
    var r = TestRequest.of("GET", "/api/whoami", "access_token=abc", new byte[0], "Authorization", "Bearer abc");
    assertThat(parse(r, true).failure().message()).contains("one place only");
    var twoHeaders = TestRequest.get("Authorization", "Bearer abc", "Authorization", "Bearer def");
    assertThat(parse(twoHeaders, false).failure().message()).contains("exactly one");
  }

  @Test
  void parse_tooLong() {
    assertThat(parse(TestRequest.get("Authorization", "Bearer " + "a".repeat(BearerParser.MAX_TOKEN + 1)), false).failure().message())
        .contains("too long");
  }

  /** Fuzz: any header, query or body gives credentials or an error, never an exception. */
  @Test
  void parse_randomInput_neverThrows() {
    Random rnd = new Random(5);
    String alphabet = "Bearer bearer =+/-._~\"%&;:,\t\u00e9\u0000abcXYZ0123456789access_token";
    for (int i = 0; i < 20_000; i++) {
      String h = random(rnd, alphabet, rnd.nextInt(60));
      String q = random(rnd, alphabet, rnd.nextInt(30));
      byte[] b = new byte[rnd.nextInt(40)];
      rnd.nextBytes(b);
      if (rnd.nextBoolean()) {
        b = ("access_token=" + random(rnd, alphabet, 10)).getBytes(StandardCharsets.UTF_8);
      }
      var r = TestRequest.of(rnd.nextBoolean() ? "GET" : "POST", "/api/whoami", q, b, "Authorization", (rnd.nextBoolean() ? "Bearer " : "") + h,
          "Content-Type", "application/x-www-form-urlencoded");
      BearerParser.present(r, rnd.nextBoolean());
      var p = parse(r, rnd.nextBoolean());
      assertThat(p.isOk() || p.failure().status() == 400).isTrue();
    }
  }

  static String random(Random rnd, String alphabet, int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
    }
    return b.toString();
  }
}
