package portcullis.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The SDK's answers against RFC 7616 section 3.9 (with errata 4495 and 4897). */
class DigestAuthTest {
  static String param(String header, String name) {
    int i = header.indexOf(name + "=");
    String rest = header.substring(i + name.length() + 1);
    return rest.startsWith("\"") ? rest.substring(1, rest.indexOf('"', 1)) : rest.split(",")[0];
  }

  /** RFC 7616 section 3.9.1, with either algorithm. */
  @ParameterizedTest
  @CsvSource({"SHA-256, 753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", "MD5, 8ca523f5e9506fed4657c9700eebdbec"})
  void authorization_rfc7616(String algorithm, String response) {
    var c = DigestChallenge.parseAll(List.of("Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=" + algorithm + ","
        + " nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"")).get(0);
    String h = DigestAuth.of("Mufasa", "Circle of Life").authorization(c, 1, "GET", "/dir/index.html",
        "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ");
    assertThat(param(h, "response")).isEqualTo(response);
    assertThat(param(h, "nc")).isEqualTo("00000001");
    assertThat(param(h, "opaque")).isEqualTo("FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS");
  }

  /** Erratum 4897: real SHA-512/256, with the user name hashed. */
  @Test
  void authorization_rfc7616Sha512256Userhash() {
    var c = DigestChallenge.parseAll(List.of("Digest realm=\"api@example.org\", qop=\"auth\", algorithm=SHA-512-256,"
        + " nonce=\"5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK\", opaque=\"HRPCssKJSGjCrkzDg8OhwpzCiGPChXYjwrI2QmXDnsOS\","
        + " charset=UTF-8, userhash=true")).get(0);
    String h = DigestAuth.of("J\u00e4s\u00f8n Doe", "Secret, or not?").authorization(c, 1, "GET", "/doe.json",
        "NTg6RKcb9boFIAS3KrFK9BGeh+iDa/sm6jUMp2wds69v");
    assertThat(param(h, "username")).isEqualTo("793263caabb707a56211940d90411ea4a575adeccb7e360aeb624ed06ece9b0b");
    assertThat(param(h, "response")).isEqualTo("3798d4131c277846293534c3edc11bd8a5e4cdcbff78b05db9d95eeb1cec68a5");
  }

  @Test
  void authorization_nonAsciiWithoutUserhash_usernameStar() {
    var c = new DigestChallenge("r", "n", null, "SHA-256", List.of("auth"), false, false);
    String h = DigestAuth.of("J\u00e4s\u00f8n Doe", "pw").authorization(c, 10, "GET", "/", "c");
    assertThat(h).contains("username*=UTF-8''J%C3%A4s%C3%B8n%20Doe").contains("nc=0000000a");
  }

  @Test
  void choose_prefersStrongestAuthChallenge() {
    var all = DigestChallenge.parseAll(List.of("Basic realm=\"x\", charset=\"UTF-8\"",
        "Digest realm=\"x\", qop=\"auth\", algorithm=MD5, nonce=\"n\"",
        "Digest realm=\"x\", qop=\"auth\", algorithm=SHA-256, nonce=\"n\", stale=true",
        "Digest realm=\"x\", qop=\"auth-int\", algorithm=SHA-512-256, nonce=\"n\""));
    assertThat(all).hasSize(3);
    DigestChallenge best = DigestAuth.choose(all);
    assertThat(best.algorithm()).isEqualTo("SHA-256");
    assertThat(best.stale()).isTrue();
  }

  @Test
  void parseAll_garbage_noChallengeNoException() {
    assertThat(DigestChallenge.parseAll(List.of("", "Digest", "Digest realm=\"unterminated", "=,=\"", "Digest nonce=x"))).isEmpty();
  }

  @Test
  void target_pathAndRawQuery() {
    assertThat(DigestAuth.target(URI.create("http://h:1/a%20b?x=1&y=%2F"))).isEqualTo("/a%20b?x=1&y=%2F");
    assertThat(DigestAuth.target(URI.create("http://h:1"))).isEqualTo("/");
  }

  /** What java.net.http puts on the request line: no '?' for an empty query, non-ASCII NFC then UTF-8 percent-encoded. */
  @Test
  void target_asJavaNetHttpSendsIt() throws Exception {
    assertThat(DigestAuth.target(URI.create("http://h:1/a?"))).isEqualTo("/a");
    assertThat(DigestAuth.target(new URI("http", null, "h", 1, "/caf\u00e9", "q=e\u0301&x=\u20ac", null)))
        .isEqualTo("/caf%C3%A9?q=%C3%A9&x=%E2%82%AC");
  }
}
