package portcullis.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import portcullis.server.module.Modules;

class HopTest {
  /** As the server builds it from the built-in modules. */
  static final Hop HOP = Hop.of(Modules.builtIn());

  @Test
  void nominated_namesFromEveryConnectionValue_lowerCase_withoutCloseOrKnownHopHeaders() {
    assertThat(Hop.nominated(List.of("keep-alive, X-Foo", " x-bar ,,Close", "TE,Upgrade,"))).containsExactlyInAnyOrder("x-foo", "x-bar");
    assertThat(Hop.nominated(List.of("keep-alive"))).isEmpty();
    assertThat(Hop.nominated(List.of("close"))).isEmpty();
    assertThat(Hop.nominated(List.of())).isEmpty();
    assertThat(Hop.nominated(List.of(""))).isEmpty();
  }

  @Test
  void isNominated_caseInsensitive() {
    var n = Hop.nominated(List.of("X-Foo"));
    assertThat(Hop.isNominated(n, "x-FOO")).isTrue();
    assertThat(Hop.isNominated(n, "X-Kept")).isFalse();
    assertThat(Hop.isNominated(Hop.nominated(List.of("close")), "close")).isFalse();
  }

  @ParameterizedTest
  @CsvSource({"X_Portcullis_Account, true", "x-client-key, true", "X_Client_Key, true", "Expect, true", "Content-Type, false"})
  void strippedRequestHeaders_underscoreSpellingsToo(String header, boolean stripped) {
    assertThat(HOP.isStrippedRequestHeader(header)).isEqualTo(stripped);
  }

  @Test
  void builtInCredentials_exactlyTodaysHeaders() {
    for (String h : List.of("Authorization", "X-Client-Key", "X-App-Key", "X-API-Key", "X-API-Auth-Token", "x_api_auth_token")) {
      assertThat(HOP.isStrippedRequestHeader(h)).as(h).isTrue();
    }
    for (String h : List.of("X-API-Timestamp", "X-API-Nonce", "X-API-Signed-Elements", "Cookie", "X-Test-Token")) {
      assertThat(HOP.isStrippedRequestHeader(h)).as(h).isFalse();
    }
  }

  @Test
  void stripQuery_credentialParams_oauthPrefix_methodOverride_encodedNamesToo() {
    assertThat(HOP.stripQuery("a=1&client_key=k&app_key=k&access_token=t&oauth_signature=s&oauth%5Fnonce=n&client%5Fkey=k&_method=DELETE&b=2"))
        .isEqualTo("a=1&b=2");
    assertThat(HOP.stripQuery("Client_Key=k&test_token=t&oauth=x")).isEqualTo("Client_Key=k&test_token=t&oauth=x");
    assertThat(HOP.stripQuery("")).isEmpty();
  }

  @Test
  void stripForm_sameParams_sameArrayWhenNothingToStrip() {
    byte[] kept = "x=1&y=2".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(HOP.stripForm(kept)).isSameAs(kept);
    assertThat(new String(HOP.stripForm("x=1&oauth_token=t&access_token=a".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)),
        java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("x=1");
  }
}
