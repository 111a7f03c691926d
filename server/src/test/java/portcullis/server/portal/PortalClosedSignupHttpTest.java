package portcullis.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.Harness;
import portcullis.server.testing.RunningGateway;

/** {@code portal.signup: closed} (accounts from the admin API only), and cookies marked Secure behind TLS ({@code baseUrl: https://...}). */
class PortalClosedSignupHttpTest {
  @RegisterExtension
  static final RunningGateway h = RunningGateway.of(Harness.demoYaml().replace("  signup: open", "  signup: closed")
      .replace("    allowPlaintextOverHttp: true", "    allowPlaintextOverHttp: true\n    baseUrl: https://api.example.com"));

  @Test
  void signUp_closed_refusedAndNotOffered() {
    PortalClient b = new PortalClient(h.base);
    var form = b.get("/developers/signup");
    assertThat(form.statusCode()).isEqualTo(403);
    assertThat(form.body()).contains("Sign-up is closed");
    assertThat(b.get("/developers/signin").body()).doesNotContain("href=\"/developers/signup\"");
    String csrf = PortalClient.csrf(b.get("/developers/signin"));
    assertThat(b.post("/developers/signup", Map.of("csrf", csrf, "email", "new@example.com", "password", "long enough pw")).statusCode())
        .isEqualTo(403);
    assertThat(new PortalClient(h.base).signIn("new@example.com", "long enough pw").statusCode()).isEqualTo(401);
  }

  @Test
  void cookies_secureWhenClientsComeOverHttps_andQuickStartNamesThePublicAddress() {
    var account = h.account();
    PortalClient b = new PortalClient(h.base);
    String csrf = PortalClient.csrf(b.get("/developers/signin"));
    var r = b.post("/developers/signin", Map.of("csrf", csrf, "email", account.email(), "password", account.password()));
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().allValues("Set-Cookie")).filteredOn(c -> c.startsWith("portcullis_"))
        .isNotEmpty().allSatisfy(c -> assertThat(c).contains("Secure"));
    String[] app = b.register("TLS app");
    assertThat(b.get("/developers/apps/" + app[0]).body()).contains("https://api.example.com/v2/products")
        .contains("https://api.example.com/v2/oauth/request_token");
  }
}
