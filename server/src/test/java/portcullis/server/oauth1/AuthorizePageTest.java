package portcullis.server.oauth1;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuthorizePageTest {
  @Test
  void lifetime_underAMinuteOrOddSeconds_inSeconds_elseMinutes() {
    assertThat(AuthorizePage.lifetime(30)).isEqualTo("30 seconds");
    assertThat(AuthorizePage.lifetime(90)).isEqualTo("90 seconds");
    assertThat(AuthorizePage.lifetime(60)).isEqualTo("1 minute");
    assertThat(AuthorizePage.lifetime(600)).isEqualTo("10 minutes");
  }

  @Test
  void withParams_nonAsciiCallback_percentEncodedAsUtf8() {
    assertThat(AuthorizePage.withParams("https://a.example/caf\u00e9", "oauth_token=t"))
        .isEqualTo("https://a.example/caf%C3%A9?oauth_token=t");
    assertThat(AuthorizePage.withParams("https://a.example/p?x=%41&y=\ud83d\ude00", "a=b"))
        .isEqualTo("https://a.example/p?x=%41&y=%F0%9F%98%80&a=b");
  }
}
