package portcullis.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code portal:} section: defaults, every field checked, mistakes named. */
class PortalConfigTest {
  @TempDir Path dir;

  Settings parse(String yaml, Map<String, String> env) {
    return new ConfigLoader(env).parse(yaml + "routes: [{path: /x, schemes: [basic]}]\n", "test.yaml",
        new ConfigLoader.Overrides(null, null, dir.toString(), null));
  }

  @Test
  void portal_defaults_openSignUpWithoutMail() {
    Settings.Portal p = parse("", Map.of()).portal();
    assertThat(p.signupOpen()).isTrue();
    assertThat(p.emailVerification()).isFalse();
    assertThat(p.smtp()).isNull();
    assertThat(p.baseUrl()).isNull();
  }

  @Test
  void portal_fullSection_smtpPasswordFromTheEnvironment() {
    Settings.Portal p = parse("portal:\n  signup: closed\n  emailVerification: true\n  baseUrl: https://developers.example.com/\n"
        + "  paymentUrl: https://billing.example.com/pay\n  contactUrl: mailto:api@example.com\n"
        + "  smtp: {host: smtp.example.com, username: portal, from: api@example.com}\n", Map.of("PORTCULLIS_SMTP_PASSWORD", "s3cret")).portal();
    assertThat(p.signupOpen()).isFalse();
    assertThat(p.emailVerification()).isTrue();
    assertThat(p.baseUrl()).isEqualTo("https://developers.example.com");
    assertThat(p.smtp().port()).isEqualTo(587);
    assertThat(p.smtp().security()).isEqualTo("starttls");
    assertThat(p.smtp().password()).isEqualTo("s3cret");
    assertThat(p.smtp().toString()).doesNotContain("s3cret");
    assertThat(p.contactUrl()).isEqualTo("mailto:api@example.com");
  }

  @Test
  void portal_refusesBadValues_namingTheField() {
    assertThatThrownBy(() -> parse("portal: {signup: maybe}\n", Map.of())).hasMessageContaining("portal.signup").hasMessageContaining("maybe");
    assertThatThrownBy(() -> parse("portal: {emailVerification: true}\n", Map.of())).hasMessageContaining("portal.smtp.host");
    assertThatThrownBy(() -> parse("portal: {smtp: {host: smtp.example.com}}\n", Map.of())).hasMessageContaining("portal.smtp.from");
    assertThatThrownBy(() -> parse("portal: {smtp: {host: smtp.example.com, from: a@example.com, security: ssl}}\n", Map.of()))
        .hasMessageContaining("portal.smtp.security");
    assertThatThrownBy(() -> parse("portal: {smtp: {host: smtp.example.com, from: a@example.com, port: 0}}\n", Map.of()))
        .hasMessageContaining("portal.smtp.port");
    assertThatThrownBy(() -> parse("portal: {baseUrl: 'https://x.example.com/portal'}\n", Map.of())).hasMessageContaining("portal.baseUrl");
    assertThatThrownBy(() -> parse("portal: {paymentUrl: 'javascript:alert(1)'}\n", Map.of())).hasMessageContaining("portal.paymentUrl");
    assertThatThrownBy(() -> parse("portal: {signUp: open}\n", Map.of())).hasMessageContaining("signUp");
  }
}
