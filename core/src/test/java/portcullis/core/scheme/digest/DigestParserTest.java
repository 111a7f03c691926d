package portcullis.core.scheme.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DigestParserTest {
  static final String CURL = "Digest username=\"Mufasa\", realm=\"testrealm\", nonce=\"abc123\", uri=\"/dir/index.html?x=1\","
      + " cnonce=\"Mzk4YzNkMjM1MGRkOWM4YjU0MWQxZmNhNDhlYThjYTM=\", nc=00000001, qop=auth,"
      + " response=\"6e4f43b36708bdd4f0d53cb97186e1b9\", algorithm=MD5";
  static final String REQUESTS = "Digest username=\"Mufasa\", realm=\"testrealm\", nonce=\"abc123\", uri=\"/dir/index.html?x=1\","
      + " response=\"2d94d0f59535566dcf1a87a2e9b8660241c8b3c83933109a941c596bac86ea0f\", algorithm=\"SHA-256\", qop=\"auth\","
      + " nc=00000001, cnonce=\"c3891e642a1424ed\"";

  @Test
  void parse_curlHeader_unquotedValues() {
    var c = DigestParser.parse(CURL).value();
    assertThat(c.username()).isEqualTo("Mufasa");
    assertThat(c.uri()).isEqualTo("/dir/index.html?x=1");
    assertThat(c.nc()).isEqualTo("00000001");
    assertThat(c.qop()).isEqualTo("auth");
    assertThat(c.algorithm()).isEqualTo("MD5");
    assertThat(c.userhash()).isFalse();
  }

  @Test
  void parse_pythonRequestsHeader_quotedAlgorithmAndQop() {
    var c = DigestParser.parse(REQUESTS).value();
    assertThat(c.algorithm()).isEqualTo("SHA-256");
    assertThat(c.qop()).isEqualTo("auth");
    assertThat(c.cnonce()).isEqualTo("c3891e642a1424ed");
  }

  @Test
  void parse_quotedNc_escapesAndCaseInsensitiveNames() {
    var c = DigestParser.parse("digest USERNAME=\"a\\\"b\", realm=r, nonce=n, uri=\"/\", response=x, qop=\"auth\", nc=\"0000000a\", cnonce=c")
        .value();
    assertThat(c.username()).isEqualTo("a\"b");
    assertThat(c.nc()).isEqualTo("0000000a");
  }

  @Test
  void parse_usernameStar_decodesUtf8() {
    var c = DigestParser.parse("Digest username*=UTF-8''J%C3%A4s%C3%B8n%20Doe, realm=r, nonce=n, uri=\"/\", response=x, qop=auth, nc=1, cnonce=c")
        .value();
    assertThat(c.username()).isEqualTo("Jäsøn Doe");
  }

  @Test
  void parse_rawUtf8Username_decoded() {
    String latin1 = new String("Jäsøn".getBytes(java.nio.charset.StandardCharsets.UTF_8), java.nio.charset.StandardCharsets.ISO_8859_1);
    var c = DigestParser.parse("Digest username=\"" + latin1 + "\", realm=r, nonce=n, uri=\"/\", response=x, qop=auth, nc=1, cnonce=c").value();
    assertThat(c.username()).isEqualTo("Jäsøn");
  }

  @Test
  void parse_userhashFlag() {
    var c = DigestParser.parse("Digest username=\"abcdef\", userhash=true, realm=r, nonce=n, uri=\"/\", response=x, qop=auth, nc=1, cnonce=c").value();
    assertThat(c.userhash()).isTrue();
  }

  @Test
  void parse_errors_explainWhatToFix() {
    assertThat(DigestParser.parse("Digest").failure().detail()).contains("empty");
    assertThat(DigestParser.parse("Digest realm=r, nonce=n, uri=\"/\", response=x").failure().detail()).contains("username");
    assertThat(DigestParser.parse("Digest username=u, nonce=n, uri=\"/\", response=x").failure().detail()).contains("realm");
    assertThat(DigestParser.parse("Digest username=u, username=v, realm=r").failure().detail()).contains("repeated");
    assertThat(DigestParser.parse("Digest username=\"u").failure().detail()).contains("unterminated");
    assertThat(DigestParser.parse("Digest username").failure().detail()).contains("no value");
    assertThat(DigestParser.parse("Digest username=u realm=r").failure().detail()).contains("comma");
    assertThat(DigestParser.parse("Digest username=u, realm=r, nonce=n, uri=\"/\", response=x, qop=auth").failure().detail()).contains("nc and cnonce");
    assertThat(DigestParser.parse("Digest username=u, realm=r, nonce=n, uri=\"/\", response=x, qop=auth, nc=zz, cnonce=c").failure().detail()).contains("hexadecimal");
    assertThat(DigestParser.parse("Digest username=u, realm=r, nonce=n, uri=\"/\", response=x, userhash=maybe").failure().detail()).contains("userhash");
    assertThat(DigestParser.parse("Digest username*=latin1''x, realm=r, nonce=n, uri=\"/\", response=x").failure().detail()).contains("username*");
    assertThat(DigestParser.parse("Digest username=\"a\u0001\"").failure().detail()).contains("control");
    assertThat(DigestParser.parse("Digest " + "a=b,".repeat(3000)).failure().detail()).contains("too long");
  }

  @Test
  void isDigest_schemeNameOnly() {
    assertThat(DigestParser.isDigest("DIGEST x=y")).isTrue();
    assertThat(DigestParser.isDigest("Digestx y")).isFalse();
    assertThat(DigestParser.isDigest("Basic abc")).isFalse();
    assertThat(DigestParser.isDigest(null)).isFalse();
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
