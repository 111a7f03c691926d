package portcullis.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import portcullis.core.dialect.Seed000Dialect;

class ResultTest {
  private static final Failure NO = Seed000Dialect.INSTANCE.badCredentials("no", "test: no");

  @Test
  void ok_holdsItsValue_andRunsTheNextSteps() {
    Result<String> r = Result.ok("a");
    assertThat(r.isOk()).isTrue();
    assertThat(r.value()).isEqualTo("a");
    assertThat(r.orNull()).isEqualTo("a");
    assertThat(r.map(String::length).value()).isEqualTo(1);
    assertThat(r.then(v -> Result.ok(v + "b")).value()).isEqualTo("ab");
    assertThat(r.outcome(v -> Outcome.ok(new Identity("acc", null, "basic", java.util.Set.of(), null))))
        .isInstanceOf(Outcome.Authenticated.class);
    assertThatThrownBy(r::failure).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void rejected_passesThroughEveryStep_asTheSameFailure() {
    Result<String> r = Result.reject(NO);
    assertThat(r.isOk()).isFalse();
    assertThat(r.orNull()).isNull();
    assertThat(r.failure()).isSameAs(NO);
    assertThat(r.map(String::length).failure()).isSameAs(NO);
    assertThat(r.then(v -> Result.ok(v + "b")).failure()).isSameAs(NO);
    assertThat(r.outcome(v -> { throw new AssertionError("must not run"); })).isEqualTo(new Outcome.Rejected(NO));
    assertThatThrownBy(r::value).isInstanceOf(IllegalStateException.class).hasMessageContaining("test: no");
  }

  @Test
  void neitherHalfIsNull() {
    assertThatThrownBy(() -> Result.ok(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Result.reject(null)).isInstanceOf(NullPointerException.class);
  }
}
