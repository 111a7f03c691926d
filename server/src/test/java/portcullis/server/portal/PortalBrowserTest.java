package portcullis.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.Harness;
import portcullis.server.testing.RunningGateway;

/**
 * The developer portal end to end in Debian's headless Chromium (Playwright) on the demo: sign up,
 * register an app, read its key and secret from the page, call the gateway with curl, rotate the
 * secret (old and new both work during the overlap), see the usage, add and remove a client
 * certificate, revoke (refused on the next
 * request). JavaScript is off at phone width (the pages need none); a desk-width pass with it on
 * shows the copy buttons. Screenshots go to target/screenshots.
 */
class PortalBrowserTest {
  @RegisterExtension
  static final RunningGateway h = RunningGateway.demo();
  static final Path SHOTS = Paths.get("target", "screenshots");
  static Playwright playwright;
  static Browser browser;

  @BeforeAll
  static void start() {
    playwright = Playwright.create();
    browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(Paths.get("/usr/bin/chromium"))
        .setHeadless(true).setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run")));
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (playwright != null) {
      playwright.close();
    }
  }

  static void shot(Page page, String name) {
    page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("portal-" + name + ".png")).setFullPage(true));
  }

  static void press(Page page, String name) {
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true)).click();
  }

  /** The page fits the viewport's width: no sideways scrolling (measured by the harness; the page runs no script). */
  static boolean fitsWidth(Page page, int width) {
    try (BrowserContext probe = browser.newContext(new Browser.NewContextOptions().setViewportSize(width, 800))) {
      Page p = probe.newPage();
      p.navigate(h.base + "/developers/static/portal.css"); // same origin, so the page's stylesheet loads
      p.setContent(page.content());
      p.waitForLoadState();
      return (Boolean) p.evaluate("document.documentElement.scrollWidth <= window.innerWidth");
    }
  }

  static String token(String key, String secret) {
    return Harness.curl("-X", "POST", "-u", key + ":" + secret, "-d", "grant_type=client_credentials", h.base + "/api/token")[1];
  }

  @Test
  void signUpRegisterRotateRevoke_onAPhoneWithoutJavaScript() {
    String email = "dev+" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    String password = "correct horse battery";
    try (BrowserContext ctx = browser.newContext(new Browser.NewContextOptions().setJavaScriptEnabled(false).setViewportSize(390, 844))) {
      Page page = ctx.newPage();
      page.navigate(h.base + "/developers");
      assertThat(page.url()).endsWith("/developers/signin");
      assertThat(page.locator("header .brand").textContent()).contains("Portcullis Demo");
      shot(page, "1-signin");
      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Sign up").setExact(true)).first().click();
      page.getByLabel("Email").fill(email);
      page.getByLabel("Password").fill(password);
      shot(page, "2-signup");
      press(page, "Sign up");
      page.waitForURL("**/developers?n=welcome");
      assertThat(page.locator("h1").textContent()).isEqualTo("My apps");
      assertThat(page.locator("#no-apps").isVisible()).isTrue();
      shot(page, "3-my-apps-empty");

      page.navigate(h.base + "/developers/apps/new");
      page.getByLabel("Name").fill("Portal test app");
      page.getByLabel("Description (optional)").fill("Made by PortalBrowserTest");
      page.getByLabel("Scopes (optional)").fill("read write");
      assertThat(page.getByLabel("Internal tool: may use HTTP Basic/Digest with its key").isChecked()).isTrue();
      assertThat(fitsWidth(page, 390)).isTrue();
      shot(page, "4-register");
      press(page, "Register the app");
      String key = page.locator("#client-key").textContent().trim();
      String secret = page.locator("#client-secret").textContent().trim();
      assertThat(key).matches("[A-Za-z0-9]{20}");
      assertThat(secret).matches("[A-Za-z0-9]{36}");
      assertThat(page.locator("body").textContent()).contains("you will not see this secret again");
      assertThat(page.url()).doesNotContain(secret);
      assertThat(page.locator("button.copy").first().isVisible()).as("no copy buttons without the script").isFalse();
      shot(page, "5-created");

      // the key and secret work with curl: Basic + key on /v2/whoami, the secret at the token endpoint
      String[] whoami = Harness.curl("-u", email + ":" + password, "-H", "X-Client-Key: " + key, h.base + "/v2/whoami");
      assertThat(whoami[1]).isEqualTo("200");
      assertThat(whoami[0]).contains("\"client\":\"" + key + "\"").contains("\"scopes\":[\"read\",\"write\"]");
      assertThat(token(key, secret)).isEqualTo("200");

      // the app's page: no secret any more; rotate with a one-hour overlap
      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Go to the app's page")).click();
      assertThat(page.content()).doesNotContain(secret);
      page.getByLabel("The current secret keeps working for").selectOption("3600");
      shot(page, "6-app");
      press(page, "Rotate the secret");
      String rotated = page.locator("#client-secret").textContent().trim();
      assertThat(rotated).matches("[A-Za-z0-9]{36}").isNotEqualTo(secret);
      assertThat(page.locator("#old-secret-until").textContent()).contains("UTC");
      shot(page, "7-rotated");
      assertThat(token(key, secret)).as("old secret inside the overlap").isEqualTo("200");
      assertThat(token(key, rotated)).as("new secret").isEqualTo("200");

      // usage: the calls above are counted by outcome
      assertThat(Harness.curl("-u", email + ":wrong password", "-H", "X-Client-Key: " + key, h.base + "/v2/whoami")[1]).isEqualTo("401");
      page.navigate(h.base + "/developers/apps/" + key);
      assertThat(Long.parseLong(page.locator("#usage-totals td[data-outcome=\"2xx\"]").textContent())).isGreaterThanOrEqualTo(1);
      assertThat(Long.parseLong(page.locator("#usage-totals td[data-outcome=\"401\"]").textContent())).isGreaterThanOrEqualTo(1);
      assertThat(page.locator("svg.chart rect").count()).isGreaterThanOrEqualTo(2);
      assertThat(page.locator("#previous-until").textContent()).contains("UTC");
      assertThat(page.locator("#last-used").textContent()).contains("UTC");
      assertThat(fitsWidth(page, 390)).isTrue();
      shot(page, "8-usage-quickstart");

      // a client certificate by its thumbprint, as openssl prints it; listed, fits the phone; removed
      byte[] digest = new byte[32];
      new java.security.SecureRandom().nextBytes(digest);
      String thumbprint = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
      page.getByLabel("Certificate (PEM) or its SHA-256 thumbprint").fill(java.util.HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest));
      press(page, "Add the certificate");
      page.waitForURL("**/developers/apps/" + key + "?n=certificate-added");
      assertThat(page.locator(".notice").textContent()).contains("bound to this app");
      assertThat(page.locator("#certificate-list code.thumbprint").textContent()).isEqualTo(thumbprint);
      assertThat(fitsWidth(page, 390)).isTrue();
      shot(page, "8b-certificate");
      page.locator("#certificates").screenshot(new com.microsoft.playwright.Locator.ScreenshotOptions()
          .setPath(SHOTS.resolve("portal-8c-certificates.png")));
      press(page, "Remove certificate " + thumbprint);
      page.waitForURL("**/developers/apps/" + key + "?n=certificate-removed");
      assertThat(page.locator("#no-certificates").isVisible()).isTrue();

      // revoke, with its confirmation
      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Revoke…")).click();
      shot(page, "9-revoke-confirm");
      press(page, "Yes, revoke the app");
      page.waitForURL("**/developers?n=revoked");
      assertThat(page.locator(".notice").textContent()).contains("revoked");
      assertThat(page.locator(".app-row .tag.revoked").count()).isEqualTo(1);
      shot(page, "10-revoked");
      assertThat(Harness.curl("-u", email + ":" + password, "-H", "X-Client-Key: " + key, h.base + "/v2/whoami")[1]).isEqualTo("401");
      assertThat(token(key, rotated)).isEqualTo("401");

      press(page, "Sign out");
      page.waitForURL("**/developers/signin?n=signedout");
      page.navigate(h.base + "/developers");
      assertThat(page.url()).endsWith("/developers/signin");
    }
  }

  @Test
  void createdPage_atDeskWidthWithJavaScript_showsCopyButtons() {
    var account = h.account();
    try (BrowserContext ctx = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800))) {
      Page page = ctx.newPage();
      List<String> console = new java.util.ArrayList<>();
      page.onConsoleMessage(m -> console.add(m.type() + ": " + m.text()));
      page.navigate(h.base + "/developers/signin");
      page.getByLabel("Email").fill(account.email());
      page.getByLabel("Password").fill(account.password());
      press(page, "Sign in");
      page.waitForURL("**/developers");
      page.navigate(h.base + "/developers/apps/new");
      page.getByLabel("Name").fill("Desk app");
      page.getByLabel("Public client (distributed to other people): must use OAuth 1.0a").check();
      page.getByLabel("OAuth callback URLs (optional, one per line)").fill("https://app.example.com/cb\nhttps://app.example.com/cb2");
      press(page, "Register the app");
      assertThat(page.locator("button.copy").first().isVisible()).as("copy buttons appear with the page's script").isTrue();
      shot(page, "desk-created");
      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Go to the app's page")).click();
      assertThat(page.locator("body").textContent()).contains("Request Token URL").contains("User Authorization URL")
          .contains("Access Token URL").contains("Signature Methods").contains("https://app.example.com/cb2");
      shot(page, "desk-app");
      assertThat(console).as("no CSP violation or script error").noneMatch(m -> m.startsWith("error"));
    }
  }
}
