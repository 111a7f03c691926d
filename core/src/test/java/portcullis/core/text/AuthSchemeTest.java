package portcullis.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuthSchemeTest {
  @Test
  void is_wordInAnyCase_aloneOrBeforeSpaceOrTab() {
    assertThat(AuthScheme.is("Basic abc", "Basic")).isTrue();
    assertThat(AuthScheme.is("bASIC\tabc", "Basic")).isTrue();
    assertThat(AuthScheme.is("BASIC", "Basic")).isTrue();
    assertThat(AuthScheme.is("Basicabc", "Basic")).isFalse();
    assertThat(AuthScheme.is("Basi", "Basic")).isFalse();
    assertThat(AuthScheme.is(" Basic abc", "Basic")).isFalse();
    assertThat(AuthScheme.is("Bearer abc", "Basic")).isFalse();
    assertThat(AuthScheme.is(null, "Basic")).isFalse();
    assertThat(AuthScheme.is("", "Basic")).isFalse();
  }
}
