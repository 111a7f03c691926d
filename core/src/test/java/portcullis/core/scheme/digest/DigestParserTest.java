package portcullis.core.scheme.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class DigestParserTest {
  static final String CURL = "Digest username=\"Mufasa\", realm=\"testrealm\", nonce=\"abc123\", uri=\"/dir/index.html?x=1\","
      + " cnonce=\"Mzk4YzNkMjM1MGRkOWM4YjU0MWQxZmNhNDhlYThjYTM=\", nc=00000001, qop=auth,"
      + " response=\"6e4f43b36708bdd4f0d53cb97186e1b9\", algorithm=MD5";
  static final String REQUESTS = "Digest username=\"Mufasa\", realm=\"testrealm\", nonce=\"abc123\", uri=\"/dir/index.html?x=1\","
      + " response=\"2d94d0f59535566dcf1a87a2e9b8660241c8b3c83933109a941c596bac86ea0f\", algorithm=\"SHA-256\", qop=\"auth\","
      + " nc=00000001, cnonce=\"c3891e642a1424ed\"";

  /** curl sends algorithm and qop unquoted, Python requests quoted: both parse to the same fields. */
  @ParameterizedTest
  @CsvSource({"CURL, MD5, Mzk4YzNkMjM1MGRkOWM4YjU0MWQxZmNhNDhlYThjYTM=", "REQUESTS, SHA-256, c3891e642a1424ed"})
  void parse_curlAndPythonRequestsHeaders(String client, String algorithm, String cnonce) {
    var c = DigestParser.parse(client.equals("CURL") ? CURL : REQUESTS).value();
    assertThat(c.username()).isEqualTo("Mufasa");
    assertThat(c.uri()).isEqualTo("/dir/index.html?x=1");
    assertThat(c.nc()).isEqualTo("00000001");
    assertThat(c.qop()).isEqualTo("auth");
    assertThat(c.algorithm()).isEqualTo(algorithm);
    assertThat(c.cnonce()).isEqualTo(cnonce);
    assertThat(c.userhash()).isFalse();
  }

  static final String QUOTED_NC =
      "digest USERNAME=\"a\\\"b\", realm=r, nonce=n, uri=\"/\", response=x, qop=\"auth\", nc=\"0000000a\", cnonce=c";
  static final String REST = ", realm=r, nonce=n, uri=\"/\", response=x, qop=auth, nc=1, cnonce=c";

  /** Escapes and case-insensitive names, username* (RFC 8187) and raw UTF-8 (one ISO-8859-1 char per byte). */
  @ParameterizedTest
  @MethodSource("usernames")
  void parse_username_decoded(String header, String username) {
    assertThat(DigestParser.parse(header).value().username()).isEqualTo(username);
  }

  static Stream<Arguments> usernames() {
    String rawUtf8 = new String("Jäsøn".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    return Stream.of(Arguments.of(QUOTED_NC, "a\"b"),
        Arguments.of("Digest username*=UTF-8''J%C3%A4s%C3%B8n%20Doe" + REST, "Jäsøn Doe"),
        Arguments.of("Digest username=\"" + rawUtf8 + "\"" + REST, "Jäsøn"));
  }

  @Test
  void parse_quotedNc_andUserhashFlag() {
    assertThat(DigestParser.parse(QUOTED_NC).value().nc()).isEqualTo("0000000a");
    assertThat(DigestParser.parse("Digest username=\"abcdef\", userhash=true" + REST).value().userhash()).isTrue();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      Digest                                                                                | empty
      Digest realm=r, nonce=n, uri="/", response=x                                          | username
      Digest username=u, nonce=n, uri="/", response=x                                       | realm
      Digest username=u, username=v, realm=r                                                | repeated
      Digest username="u                                                                    | unterminated
      Digest username                                                                       | no value
      Digest username=u realm=r                                                             | comma
      Digest username=u, realm=r, nonce=n, uri="/", response=x, qop=auth                    | nc and cnonce
      Digest username=u, realm=r, nonce=n, uri="/", response=x, qop=auth, nc=zz, cnonce=c   | hexadecimal
      Digest username=u, realm=r, nonce=n, uri="/", response=x, userhash=maybe              | userhash
      Digest username*=latin1''x, realm=r, nonce=n, uri="/", response=x                     | username*
      """)
  void parse_errors_explainWhatToFix(String header, String explanation) {
    assertThat(DigestParser.parse(header).failure().detail()).contains(explanation);
  }

  @Test
  void parse_controlCharacterAndTooLong_errorsExplainWhatToFix() {
    assertThat(DigestParser.parse("Digest username=\"a\u0001\"").failure().detail()).contains("control");
    assertThat(DigestParser.parse("Digest " + "a=b,".repeat(3000)).failure().detail()).contains("too long");
  }

  @ParameterizedTest
  @CsvSource(nullValues = "null", value = {"DIGEST x=y, true", "Digestx y, false", "Basic abc, false", "null, false"})
  void isDigest_schemeNameOnly(String header, boolean digest) {
    assertThat(DigestParser.isDigest(header)).isEqualTo(digest);
  }

  /** Two-outcome contract: any input yields credentials or an error, never an exception. */
  @Test
  void parse_randomInput_neverThrows() {
    Random r = new Random(7616);
    String alphabet = "Digest usernamerealmnonceuricnonceresponseqopnc=\",\\ *'%0aF\t\u00e4\u0001";
    for (int i = 0; i < 200_000; i++) {
      StringBuilder b = new StringBuilder("Digest ");
      int len = r.nextInt(120);
      for (int j = 0; j < len; j++) {
        b.append(r.nextInt(8) == 0 ? (char) r.nextInt(0x300) : alphabet.charAt(r.nextInt(alphabet.length())));
      }
      var p = DigestParser.parse(b.toString());
      assertThat(p.isOk() || p.failure().status() == 400).isTrue();
    }
  }

  /** Mutations of a valid header never throw either. */
  @Test
  void parse_mutatedValidHeaders_neverThrow() {
    Random r = new Random(2617);
    for (int i = 0; i < 100_000; i++) {
      char[] h = (i % 2 == 0 ? CURL : REQUESTS).toCharArray();
      for (int k = 0; k < 1 + r.nextInt(4); k++) {
        h[7 + r.nextInt(h.length - 7)] = "\",=\\ %'*\u0000\u00ff".charAt(r.nextInt(10));
      }
      var p = DigestParser.parse(new String(h));
      assertThat(p.isOk() || p.failure().status() == 400).isTrue();
    }
  }
}
