package portcullis.server.digest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The test answerer reproduces RFC 7616 section 3.9 (errata 4495, 4897) and the printed, wrong, SHA-512-256 values. */
class DigestAnswersTest {
  static String response(String header) {
    return header.replaceAll(".*response=\"([0-9a-f]+)\".*", "$1");
  }

  @Test
  void header_rfc7616Examples() {
    var c = new DigestAnswers.Challenge("7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "o");
    String cn = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
    assertThat(response(DigestAnswers.header("MD5", "MD5", false, "Mufasa", false, "Circle of Life", "http-auth@example.org",
        c, "00000001", cn, "GET", "/dir/index.html"))).isEqualTo("8ca523f5e9506fed4657c9700eebdbec");
    assertThat(response(DigestAnswers.header("SHA-256", "SHA-256", false, "Mufasa", false, "Circle of Life", "http-auth@example.org",
        c, "00000001", cn, "GET", "/dir/index.html"))).isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
    var d = new DigestAnswers.Challenge("5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK", "o");
    String cn2 = "NTg6RKcb9boFIAS3KrFK9BGeh+iDa/sm6jUMp2wds69v";
    String real = DigestAnswers.header("SHA-512-256", "SHA-512/256", false, "J\u00e4s\u00f8n Doe", true, "Secret, or not?",
        "api@example.org", d, "00000001", cn2, "GET", "/doe.json");
    assertThat(response(real)).isEqualTo("3798d4131c277846293534c3edc11bd8a5e4cdcbff78b05db9d95eeb1cec68a5");
    assertThat(real).contains("username=\"793263caabb707a56211940d90411ea4a575adeccb7e360aeb624ed06ece9b0b\"");
    String printed = DigestAnswers.header("SHA-512-256", "SHA-512-truncated", false, "J\u00e4s\u00f8n Doe", true, "Secret, or not?",
        "api@example.org", d, "00000001", cn2, "GET", "/doe.json");
    assertThat(response(printed)).isEqualTo("ae66e67d6b427bd3f120414a82e4acff38e8ecd9101d6c861229025f607a79dd");
  }
}
