package portcullis.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HopTest {
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

  @Test
  void strippedRequestHeaders_underscoreSpellingsToo() {
    assertThat(Hop.isStrippedRequestHeader("X_Portcullis_Account")).isTrue();
    assertThat(Hop.isStrippedRequestHeader("x-client-key")).isTrue();
    assertThat(Hop.isStrippedRequestHeader("X_Client_Key")).isTrue();
    assertThat(Hop.isStrippedRequestHeader("Expect")).isTrue();
    assertThat(Hop.isStrippedRequestHeader("Content-Type")).isFalse();
  }
}
