package portcullis.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import portcullis.core.dialect.Seed000Dialect;

class SchemeDescriptionTest {
  static final Dialect D = Seed000Dialect.INSTANCE;

  @Test
  void withAuthorization_addsTheHeaderOnce() {
    var d = SchemeDescription.of("s", D).withCredentialHeaders(List.of("X-Key")).withAuthorization("Word");
    assertThat(d.credentialHeaders()).containsExactly("Authorization", "X-Key");
    assertThat(d.withAuthorization("Word").credentialHeaders()).containsExactly("Authorization", "X-Key");
    assertThat(d.credentialHeadersLowerCase()).containsExactly("authorization", "x-key");
    assertThat(d.hasAuthorizationWord()).isTrue();
    assertThat(SchemeDescription.of("s", D).hasAuthorizationWord()).isFalse();
  }

  @Test
  void routeOptions_namedAfterTheScheme_once() {
    assertThat(SchemeDescription.of("s", D).withRouteOptions(RouteOption.flag("s.a"), RouteOption.flag("s.b")).routeOptions()).hasSize(2);
    assertThatThrownBy(() -> SchemeDescription.of("s", D).withRouteOptions(RouteOption.flag("t.a")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("s.<name>");
    assertThatThrownBy(() -> SchemeDescription.of("s", D).withRouteOptions(RouteOption.flag("s.a"), RouteOption.flag("s.a")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void badIdsWordsHeadersParams_refused() {
    for (String id : new String[] {"", "Basic", "a b", "a.b", "1x"}) {
      assertThatThrownBy(() -> SchemeDescription.of(id, D)).as(id).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> SchemeDescription.of("s", D).withAuthorization("Two words")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SchemeDescription.of("s", D).withCredentialHeaders(List.of("X Key"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SchemeDescription.of("s", D).withCredentialParams(List.of(""))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SchemeDescription.of("s", null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void optionTypes() {
    RouteOption flag = RouteOption.flag("s.f");
    assertThat(flag.accepts("true")).isTrue();
    assertThat(flag.accepts("FALSE")).isTrue();
    assertThat(flag.accepts("yes")).isFalse();
    assertThat(flag.accepts(null)).isFalse();
    assertThat(flag.expected()).isEqualTo("true or false");
    RouteOption mode = RouteOption.oneOf("s.m", "strict", "lenient");
    assertThat(mode.accepts("Strict")).isTrue();
    assertThat(mode.accepts("other")).isFalse();
    assertThat(mode.expected()).isEqualTo("one of strict, lenient");
    RouteOption n = RouteOption.wholeNumber("s.n", 1, 60);
    assertThat(n.accepts("1")).isTrue();
    assertThat(n.accepts("60")).isTrue();
    for (String bad : new String[] {"0", "61", "-1", "1.5", "", "-", "+5", "99999999999999999999", "x"}) {
      assertThat(n.accepts(bad)).as(bad).isFalse();
    }
    assertThat(n.expected()).isEqualTo("a whole number from 1 to 60");
  }
}
