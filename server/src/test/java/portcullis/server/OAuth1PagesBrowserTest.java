package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import portcullis.client.OAuth1Signer;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.testing.RunningGateway;

/**
 * The authorization and "Authorized applications" pages in Debian's headless Chromium (Playwright),
 * with JavaScript switched off and a phone-sized viewport.
 */
class OAuth1PagesBrowserTest {
  @RegisterExtension
  static final RunningGateway h = RunningGateway.of(OAuth1Flow.TEST_YAML);
  static final Harness.TestClient app = h.clientForClass(h.accountForClass(), true, "read", "write");
  static final OAuth1Flow flow = new OAuth1Flow(h);
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

  static BrowserContext phone() {
    return browser.newContext(new Browser.NewContextOptions().setJavaScriptEnabled(false).setViewportSize(375, 667));
  }

  Map<String, String> requestToken(String callback) {
    return flow.requestToken(app.key(), app.secret(), Map.of("oauth_callback", callback));
  }

  /** A new page in {@code ctx} on the authorization page of request token {@code t}. */
  static Page authorizePage(BrowserContext ctx, Map<String, String> t) {
    Page page = ctx.newPage();
    page.navigate(h.base + "/v2/oauth/authorize?oauth_token=" + t.get("oauth_token"));
    return page;
  }

  /** Clicks the button named {@code name}. */
  static void press(Page page, String name) {
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name)).click();
  }

  /** The app's signer with {@code t}'s token and secret. */
  static OAuth1Signer signer(Map<String, String> t) {
    return OAuth1Signer.builder(app.key(), app.secret()).token(t.get("oauth_token"), t.get("oauth_token_secret")).build();
  }

  static boolean fitsWidth(Page page) {
    // measured by the test harness; the page itself runs no script (JavaScript is off in its context)
    try (BrowserContext probe = browser.newContext(new Browser.NewContextOptions().setViewportSize(375, 667))) {
      Page p = probe.newPage();
      p.setContent(page.content());
      return (Boolean) p.evaluate("document.documentElement.scrollWidth <= window.innerWidth");
    }
  }

  @Test
  void authorizePage_approveOnPhoneWithoutJavaScript_redirectsToCallbackWithVerifier() {
    var user = h.account();
    var t = requestToken(h.base + "/healthz?from=test");
    try (BrowserContext ctx = phone()) {
      Page page = authorizePage(ctx, t);
      assertThat(page.locator("h1").textContent()).contains("test app");
      assertThat(page.locator("ul.scopes").textContent()).contains("read").contains("write");
      assertThat(fitsWidth(page)).isTrue();
      page.getByLabel("Email").fill(user.email());
      page.getByLabel("Password").fill(user.password());
      press(page, "Allow access");
      page.waitForURL("**/healthz?**");
      assertThat(page.url()).startsWith(h.base + "/healthz?from=test&oauth_token=" + t.get("oauth_token") + "&oauth_verifier=");
      String verifier = page.url().substring(page.url().indexOf("oauth_verifier=") + "oauth_verifier=".length());
      var s = signer(t);
      assertThat(flow.signedPost(s, "/v2/oauth/access_token", Map.of("oauth_verifier", verifier)).statusCode()).isEqualTo(200);

      // the session from approving opens the Authorized applications page; revoke there
      page.navigate(h.base + "/developers/authorized-apps");
      assertThat(page.locator(".app-name").allTextContents()).containsExactly("test app");
      press(page, "Revoke access for test app");
      page.waitForURL("**/developers/authorized-apps?revoked=1");
      assertThat(page.locator("#no-apps").isVisible()).isTrue();
    }
  }

  @Test
  void authorizePage_deny_redirectsWithDenied_andAppsPageRevokesTokens() {
    var user = h.account();
    var t = requestToken(h.base + "/healthz");
    try (BrowserContext ctx = phone()) {
      Page page = authorizePage(ctx, t);
      press(page, "Deny");
      page.waitForURL("**/healthz?**");
      assertThat(page.url()).contains("denied=" + t.get("oauth_token")).doesNotContain("oauth_verifier");
    }
    var access = flow.threeLegged(app, user, null);
    var signer = signer(access);
    assertThat(flow.signedGet(signer, "/v2/whoami").statusCode()).isEqualTo(200);
    try (BrowserContext ctx = phone()) {
      Page page = ctx.newPage();
      page.navigate(h.base + "/developers/authorized-apps");
      page.getByLabel("Email").fill(user.email());
      page.getByLabel("Password").fill("wrong");
      press(page, "Sign in");
      assertThat(page.locator(".error").textContent()).contains("not right");
      page.getByLabel("Email").fill(user.email());
      page.getByLabel("Password").fill(user.password());
      press(page, "Sign in");
      press(page, "Revoke access for test app");
      page.waitForURL("**revoked=1");
    }
    assertThat(flow.signedGet(signer, "/v2/whoami").statusCode()).isEqualTo(401);
  }

  @Test
  void authorizePage_oob_showsVerifier_expiredLinkExplains() {
    var user = h.account();
    var t = requestToken("oob");
    try (BrowserContext ctx = phone()) {
      Page page = authorizePage(ctx, t);
      page.getByLabel("Email").fill(user.email());
      page.getByLabel("Password").fill(user.password());
      press(page, "Allow access");
      assertThat(page.locator("#verifier").textContent()).matches("[A-Za-z0-9]{24}");
      page.navigate(h.base + "/v2/oauth/authorize?oauth_token=" + t.get("oauth_token"));
      assertThat(page.locator("h1").textContent()).isEqualTo("This link is not valid any more");
    }
  }
}
