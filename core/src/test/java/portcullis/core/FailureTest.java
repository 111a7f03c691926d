package portcullis.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
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

  @Test
  void formType_oneCheckForEveryReader() {
    assertThat(Form.isFormType("application/x-www-form-urlencoded")).isTrue();
    assertThat(Form.isFormType("Application/X-WWW-Form-Urlencoded ; charset=UTF-8")).isTrue();
    assertThat(Form.isFormType(" application/x-www-form-urlencoded")).isTrue();
    assertThat(Form.isFormType("application/x-www-form-urlencodedx")).isFalse();
    assertThat(Form.isFormType("application/json")).isFalse();
    assertThat(Form.isFormType(null)).isFalse();
  }

  @Test
  void logDetail_longInput_cutOnce() {
    Failure f = portcullis.core.dialect.OAuth2Dialect.INSTANCE.token(portcullis.core.dialect.OAuth2Dialect.INVALID_CLIENT,
        "bad", "r", "unknown client " + "x".repeat(5000) + "\n");
    assertThat(f.logDetail()).hasSize(Failure.MAX_LOG_DETAIL + 3).endsWith("...").doesNotContain("\n");
  }
}
