package portcullis.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.Harness;
import portcullis.server.testing.RunningGateway;

/**
 * Address confirmation and password reset by mail, through a real local SMTP server (aiosmtpd):
 * the links work once, the answers never say whether an address has an account.
 */
class PortalMailTest {
  @RegisterExtension
  @Order(1)
  static final LocalSmtp smtp = new LocalSmtp();

  @RegisterExtension
  @Order(2)
  static final RunningGateway h = RunningGateway.of(() -> Harness.demoYaml().replace("portal:\n  signup: open\n  emailVerification: false\n", "")
      + "\nportal:\n  signup: open\n  emailVerification: true\n"
      + "  paymentUrl: https://billing.example.com/pay\n  smtp:\n    host: 127.0.0.1\n    port: " + smtp.port
      + "\n    from: api@example.com\n    security: none\n");

  private static final Pattern LINK = Pattern.compile("http://127\\.0\\.0\\.1:\\d+(/developers/(?:verify|reset)\\?token=[A-Za-z0-9]+)");

  static String link(String mail) {
    Matcher m = LINK.matcher(mail);
    assertThat(m.find()).as("a link in " + mail).isTrue();
    return m.group(1);
  }

  static String token(String path) {
    return path.substring(path.indexOf("token=") + 6);
  }

  @Test
  void signUp_withVerification_accountExistsOnceTheLinkIsConfirmed() {
    String email = "verify+" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    PortalClient b = new PortalClient(h.base);
    String csrf = PortalClient.csrf(b.get("/developers/signup"));
    var r = b.post("/developers/signup", Map.of("csrf", csrf, "email", email, "password", "open sesame 1"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("Check your inbox");
    assertThat(new PortalClient(h.base).signIn(email, "open sesame 1").statusCode()).as("no account before confirmation").isEqualTo(401);

    String mail = smtp.await(email, "/developers/verify?token=");
    assertThat(mail).contains("From: api@example.com").contains("Subject: Portcullis Demo: confirm your email").doesNotContain("open sesame");
    String path = link(mail);
    var page = b.get(path);
    assertThat(page.statusCode()).isEqualTo(200);
    var confirmed = b.post("/developers/verify", Map.of("csrf", PortalClient.csrf(page), "token", token(path)));
    assertThat(confirmed.statusCode()).isEqualTo(303);
    assertThat(confirmed.headers().firstValue("Location")).hasValue("/developers?n=confirmed");
    assertThat(b.get("/developers?n=confirmed").body()).contains("Your address is confirmed").contains(email);
    var again = b.post("/developers/verify", Map.of("csrf", PortalClient.csrf(b.get(path)), "token", token(path)));
    assertThat(again.statusCode()).as("the link works once").isEqualTo(400);
    assertThat(new PortalClient(h.base).signIn(email, "open sesame 1").statusCode()).isEqualTo(303);

    // signing up again with that address: the same answer; its owner is told by mail
    PortalClient other = new PortalClient(h.base);
    var dup = other.post("/developers/signup", Map.of("csrf", PortalClient.csrf(other.get("/developers/signup")), "email", email,
        "password", "someone else 1"));
    assertThat(dup.statusCode()).isEqualTo(200);
    assertThat(dup.body()).contains("Check your inbox");
    assertThat(smtp.await(email, "You already have an account")).doesNotContain("token=");
  }

  @Test
  void forgottenPassword_resetLinkSetsANewPassword_once_andEndsSessions() {
    var account = h.account();
    PortalClient signedIn = new PortalClient(h.base);
    assertThat(signedIn.signIn(account.email(), account.password()).statusCode()).isEqualTo(303);

    PortalClient b = new PortalClient(h.base);
    var asked = b.post("/developers/forgot", Map.of("csrf", PortalClient.csrf(b.get("/developers/forgot")), "email", account.email()));
    String nobody = "nobody+" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    var askedUnknown = b.post("/developers/forgot", Map.of("csrf", PortalClient.csrf(b.get("/developers/forgot")), "email", nobody));
    assertThat(asked.statusCode()).isEqualTo(askedUnknown.statusCode()).isEqualTo(200);
    assertThat(asked.body().replace(account.email(), "X")).isEqualTo(askedUnknown.body().replace(nobody, "X"));

    String mail = smtp.await(account.email(), "/developers/reset?token=");
    assertThat(mail).contains("Subject: Portcullis Demo: choose a new password");
    String path = link(mail);
    var form = b.get(path);
    assertThat(form.statusCode()).isEqualTo(200);
    var set = b.post("/developers/reset", Map.of("csrf", PortalClient.csrf(form), "token", token(path), "password", "a brand new one"));
    assertThat(set.statusCode()).isEqualTo(303);
    assertThat(set.headers().firstValue("Location")).hasValue("/developers/signin?n=reset");

    assertThat(signedIn.get("/developers").statusCode()).as("sessions of the old password end").isEqualTo(303);
    assertThat(new PortalClient(h.base).signIn(account.email(), account.password()).statusCode()).isEqualTo(401);
    assertThat(new PortalClient(h.base).signIn(account.email(), "a brand new one").statusCode()).isEqualTo(303);
    var app = h.client(account, false, "read");
    assertThat(Harness.curl("-u", account.email() + ":a brand new one", "-H", "X-Client-Key: " + app.key(), h.base + "/v2/whoami")[1])
        .isEqualTo("200");
    assertThat(b.get(path).statusCode()).as("the link works once").isEqualTo(400);
    assertThat(smtp.mails()).noneMatch(m -> m.contains("To: " + nobody));
  }

  @Test
  void lockedAccount_seesWhereToPay() {
    var account = h.account();
    PortalClient b = new PortalClient(h.base);
    b.signIn(account.email(), account.password());
    h.setStatus(account, "locked");
    assertThat(b.get("/developers").body()).contains("No API Access").contains("href=\"https://billing.example.com/pay\"");
  }
}
