package portcullis.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import portcullis.core.dialect.Seed000Dialect;
import portcullis.core.text.Form;

/** Log details are sanitized once, where a Failure is built; one form media-type check. */
class FailureTest {
  @Test
  void logDetail_controlAndLineSeparators_becomeQuestionMarks() {
    Failure f = Failure.of(401, Seed000Dialect.INSTANCE, "c", "m", "d", "unknown consumer evil\n2026-12-03 INFO forged\u2028x\u202ey\u0000");
    assertThat(f.logDetail()).isEqualTo("unknown consumer evil?2026-12-03 INFO forged?x?y?");
    assertThat(Failure.of(401, Seed000Dialect.INSTANCE, "c", "m", "d", "plain ✓ text").logDetail()).isEqualTo("plain ✓ text");
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/x-www-form-urlencoded", "Application/X-WWW-Form-Urlencoded ; charset=UTF-8",
      " application/x-www-form-urlencoded"})
  void formType_oneCheckForEveryReader(String type) {
    assertThat(Form.isFormType(type)).isTrue();
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"application/x-www-form-urlencodedx", "application/json"})
  void formType_notForm(String type) {
    assertThat(Form.isFormType(type)).isFalse();
  }

  @Test
  void logDetail_longInput_cutOnce() {
    Failure f = portcullis.core.dialect.OAuth2Dialect.INSTANCE.token(portcullis.core.dialect.OAuth2Dialect.INVALID_CLIENT,
        "bad", "r", "unknown client " + "x".repeat(5000) + "\n");
    assertThat(f.logDetail()).hasSize(Failure.MAX_LOG_DETAIL + 3).endsWith("...").doesNotContain("\n");
  }
}
