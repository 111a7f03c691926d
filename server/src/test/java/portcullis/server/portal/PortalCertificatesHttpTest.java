package portcullis.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.Harness;
import portcullis.server.module.BuiltInModules;
import portcullis.server.module.GatewayModule;
import portcullis.server.module.Modules;
import portcullis.server.testing.RunningGateway;

/**
 * The app page's "Client certificates" over plain HTTP against the demo: add (hex with or without
 * colons, any case, base64url), list, remove, bad input, another account's app, CSRF, a revoked app,
 * a certificate another app holds. {@code PortalCertificatesTlsTest} authenticates with one over TLS.
 */
class PortalCertificatesHttpTest {
  private static final Pattern THUMBPRINT = Pattern.compile("<code class=\"thumbprint\">([^<]*)</code>");
  private static final SecureRandom RANDOM = new SecureRandom();

  @RegisterExtension
  static final RunningGateway h = RunningGateway.demo();

  /** A made-up certificate's SHA-256: the 32 bytes. */
  static byte[] digest() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return b;
  }

  static String b64(byte[] d) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
  }

  static List<String> listed(String html) {
    List<String> out = new ArrayList<>();
    Matcher m = THUMBPRINT.matcher(html);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** A signed-in browser and its new app's key. */
  record Dev(PortalClient b, String key) {
    String page() {
      return "/developers/apps/" + key;
    }

    HttpResponse<String> add(String certificate) {
      return b.post(page() + "/certificates", Map.of("csrf", b.csrfOf(page()), "certificate", certificate));
    }

    HttpResponse<String> remove(String thumbprint) {
      return b.post(page() + "/certificates/" + thumbprint + "/remove", Map.of("csrf", b.csrfOf(page())));
    }

    List<String> certificates() {
      return listed(b.get(page()).body());
    }
  }

  static Dev dev() {
    var account = h.account();
    PortalClient b = new PortalClient(h.base);
    assertThat(b.signIn(account.email(), account.password()).statusCode()).isEqualTo(303);
    return new Dev(b, b.register("Certificate app")[0]);
  }

  static void redirectedWith(HttpResponse<String> r, Dev d, String notice) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue(d.page() + "?n=" + notice);
  }

  @Test
  void add_bothSpellings_listedWithWhenAdded_thenRemoved() {
    Dev d = dev();
    String empty = d.b.get(d.page()).body();
    assertThat(empty).contains("Client certificates").contains("id=\"no-certificates\"").contains("Add the certificate");

    byte[] first = digest();
    byte[] second = digest();
    // hex as openssl prints it (colons, upper case), then plain lower-case hex, then base64url (x5t#S256)
    redirectedWith(d.add("  " + HexFormat.ofDelimiter(":").withUpperCase().formatHex(first) + "\n"), d, "certificate-added");
    redirectedWith(d.add(HexFormat.of().formatHex(second)), d, "certificate-added");
    redirectedWith(d.add(b64(first)), d, "certificate-known");
    redirectedWith(d.add("sha256 Fingerprint=" + HexFormat.of().withUpperCase().formatHex(second)), d, "certificate-known");

    var page = d.b.get(d.page() + "?n=certificate-added");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("The certificate is bound to this app").doesNotContain("id=\"no-certificates\"")
        .contains(HexFormat.ofDelimiter(":").withUpperCase().formatHex(first)).containsPattern("added \\d{1,2} \\w{3} \\d{4}, \\d\\d:\\d\\d UTC");
    assertThat(listed(page.body())).containsExactly(b64(first), b64(second)); // oldest first

    redirectedWith(d.remove(b64(first)), d, "certificate-removed");
    assertThat(d.b.get(d.page() + "?n=certificate-removed").body()).contains("The certificate is removed");
    assertThat(d.certificates()).containsExactly(b64(second));
    // the remove path takes hex too, as the admin API's DELETE does
    redirectedWith(d.remove(HexFormat.of().formatHex(second)), d, "certificate-removed");
    assertThat(d.certificates()).isEmpty();
    var again = d.remove(b64(second));
    assertThat(again.statusCode()).isEqualTo(404);
    assertThat(again.body()).contains("This app has no such certificate");
  }

  @Test
  void badInput_aClearMessageOnThePage_never500() {
    Dev d = dev();
    Map<String, String> cases = Map.of(
        "", "Paste the certificate (PEM) or its SHA-256 thumbprint.",
        "abc", "That is not a SHA-256 thumbprint",
        HexFormat.of().formatHex(digest()).substring(1), "That is not a SHA-256 thumbprint",
        b64(digest()) + "A", "That is not a SHA-256 thumbprint",
        "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n", "The certificate could not be read",
        "x".repeat(20_000), "That is too long for one certificate");
    cases.forEach((given, message) -> {
      var r = d.add(given);
      assertThat(r.statusCode()).as(given).isEqualTo(400);
      assertThat(r.body()).as(given).contains("class=\"error\"").contains(message).contains("Client certificates");
      PortalHttpTest.strictHeaders(r);
    });
    // what was typed comes back in the form, escaped
    var typed = d.add("<b>not hex</b>");
    assertThat(typed.body()).contains("&lt;b&gt;not hex&lt;/b&gt;</textarea>").doesNotContain("<b>not hex");
    // a private key pasted by mistake is refused and not sent back
    String key = "-----BEGIN PRIVATE KEY-----\nTUlHSEFnRUFNQk1HQnlxR1NNNDlBZ0VHQ0NxR1NNNDlBd0VIQkcwd2F3SUJBUVFn\n-----END PRIVATE KEY-----\n";
    var pasted = d.add(key);
    assertThat(pasted.statusCode()).isEqualTo(400);
    assertThat(pasted.body()).contains("That is a private key").doesNotContain("TUlHSEFnRUFN");
    assertThat(d.remove("nope").statusCode()).isEqualTo(404);
    assertThat(d.certificates()).isEmpty();
    // GET on the form's address
    assertThat(d.b.get(d.page() + "/certificates").statusCode()).isEqualTo(405);
  }

  @Test
  void anotherAccountsApp_refused_andACertificateAnotherAppHolds_refusedWithAMessage() {
    Dev alice = dev();
    Dev mallory = dev();
    String t = b64(digest());
    redirectedWith(alice.add(t), alice, "certificate-added");

    // mallory, with her own session and CSRF value, on alice's app: the same 404 as for no app
    String csrf = mallory.b.csrfOf(mallory.page());
    var add = mallory.b.post(alice.page() + "/certificates", Map.of("csrf", csrf, "certificate", b64(digest())));
    assertThat(add.statusCode()).isEqualTo(404);
    assertThat(add.body()).contains("You have no app with this key.");
    var remove = mallory.b.post(alice.page() + "/certificates/" + t + "/remove", Map.of("csrf", csrf));
    assertThat(remove.statusCode()).isEqualTo(404);
    assertThat(alice.certificates()).containsExactly(t);

    // alice's certificate on mallory's own app: refused, nothing about alice's app shown
    var taken = mallory.add(HexFormat.of().formatHex(Base64.getUrlDecoder().decode(t)));
    assertThat(taken.statusCode()).isEqualTo(409);
    assertThat(taken.body()).contains("This certificate is bound to another app already").doesNotContain(alice.key());
    assertThat(mallory.certificates()).isEmpty();
    assertThat(alice.certificates()).containsExactly(t);
    // and the path with mallory's key does not remove alice's binding
    assertThat(mallory.remove(t).statusCode()).isEqualTo(404);
    assertThat(alice.certificates()).containsExactly(t);
  }

  @Test
  void withoutOrWithAnotherSessionsCsrfValue_refused() {
    Dev d = dev();
    String t = b64(digest());
    var none = d.b.post(d.page() + "/certificates", Map.of("certificate", t));
    assertThat(none.statusCode()).isEqualTo(403);
    assertThat(none.body()).contains("This form has expired");
    String anonymous = PortalClient.csrf(new PortalClient(h.base).get("/developers/signin"));
    assertThat(d.b.post(d.page() + "/certificates", Map.of("csrf", anonymous, "certificate", t)).statusCode()).isEqualTo(403);
    assertThat(d.certificates()).isEmpty();
    redirectedWith(d.add(t), d, "certificate-added");
    assertThat(d.b.post(d.page() + "/certificates/" + t + "/remove", Map.of()).statusCode()).isEqualTo(403);
    assertThat(d.b.post(d.page() + "/certificates/" + t + "/remove", Map.of("csrf", anonymous)).statusCode()).isEqualTo(403);
    assertThat(d.certificates()).containsExactly(t);
    // without a session: the sign-in page
    var out = new PortalClient(h.base).post(d.page() + "/certificates", Map.of("certificate", t));
    assertThat(out.statusCode()).isEqualTo(303);
    assertThat(out.headers().firstValue("Location")).hasValue("/developers/signin");
  }

  @Test
  void revokedApp_listsItsCertificates_butCannotBeChanged() {
    Dev d = dev();
    String t = b64(digest());
    redirectedWith(d.add(t), d, "certificate-added");
    String csrf = d.b.csrfOf(d.page());
    assertThat(d.b.post(d.page() + "/revoke", Map.of("csrf", csrf, "confirm", "yes")).statusCode()).isEqualTo(303);
    String page = d.b.get(d.page()).body();
    assertThat(listed(page)).containsExactly(t);
    assertThat(page).doesNotContain("Add the certificate").doesNotContain("/remove\"");
    assertThat(d.add(b64(digest())).statusCode()).isEqualTo(404);
    assertThat(d.remove(t).statusCode()).isEqualTo(404);
    assertThat(d.certificates()).containsExactly(t);
  }

  @Test
  void atMostTwentyPerApp() {
    Dev d = dev();
    for (int i = 0; i < AppPages.MAX_CERTIFICATES; i++) {
      redirectedWith(d.add(b64(digest())), d, "certificate-added");
    }
    var over = d.add(b64(digest()));
    assertThat(over.statusCode()).isEqualTo(400);
    assertThat(over.body()).contains("An app may have at most 20 certificates; remove one first.");
    assertThat(d.certificates()).hasSize(AppPages.MAX_CERTIFICATES);
  }

  /** The built-in modules but mtls. */
  static class WithoutMtls {
    static Modules modules() {
      List<Supplier<GatewayModule>> all = new ArrayList<>();
      for (Supplier<GatewayModule> f : BuiltInModules.all()) {
        if (!f.get().description().id().equals("mtls")) {
          all.add(f);
        }
      }
      return Modules.of(all);
    }
  }

  /** Without the mtls module the page has no such section and the forms' addresses do not exist. */
  @Test
  void withoutTheMtlsModule_noSection() {
    try (Harness other = Harness.start(Harness.demoYaml(), java.time.InstantSource.system(), WithoutMtls.modules())) {
      var account = other.account();
      PortalClient b = new PortalClient(other.base);
      assertThat(b.signIn(account.email(), account.password()).statusCode()).isEqualTo(303);
      String key = b.register("No certificates")[0];
      String page = b.get("/developers/apps/" + key).body();
      assertThat(page).contains("Rotate the secret").doesNotContain("Client certificates");
      var r = b.post("/developers/apps/" + key + "/certificates", Map.of("csrf", b.csrfOf("/developers/apps/" + key),
          "certificate", b64(digest())));
      assertThat(r.statusCode()).isEqualTo(404);
    }
  }
}
