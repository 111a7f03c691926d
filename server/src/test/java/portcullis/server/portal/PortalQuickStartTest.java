package portcullis.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.Harness;
import portcullis.server.testing.RunningGateway;

/**
 * The quick start's lines are real: every snippet of a new app's page, run with bash (curl,
 * openssl) once the placeholders hold the account's password and the app's secret, gets through.
 */
class PortalQuickStartTest {
  @RegisterExtension
  static final RunningGateway h = RunningGateway.demo();

  private static final Pattern SNIPPET = Pattern.compile("<h3>([^<]*)</h3>\\s*(?:<p class=\"hint\">[^<]*</p>\\s*)?<pre class=\"code\"><code>(.*?)</code></pre>",
      Pattern.DOTALL);

  static String unescape(String s) {
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&#x27;", "'")
        .replace("&amp;", "&");
  }

  @Test
  void everySnippet_runsAgainstTheGateway() {
    var account = h.account();
    PortalClient b = new PortalClient(h.base);
    assertThat(b.signIn(account.email(), account.password()).statusCode()).isEqualTo(303);
    String[] app = b.register("Quick start app");
    String page = b.get("/developers/apps/" + app[0]).body();
    Map<String, String> snippets = new LinkedHashMap<>();
    Matcher m = SNIPPET.matcher(page);
    while (m.find()) {
      snippets.put(unescape(m.group(1)), unescape(m.group(2)));
    }
    assertThat(snippets.keySet()).anyMatch(t -> t.startsWith("HTTP Basic + client key")).anyMatch(t -> t.startsWith("HTTP Digest"))
        .anyMatch(t -> t.startsWith("OAuth 1.0a")).anyMatch(t -> t.startsWith("Client-credentials"))
        .anyMatch(t -> t.startsWith("Public key")).anyMatch(t -> t.startsWith("KSig1")).anyMatch(t -> t.startsWith("HTTP Basic, account only"));
    assertThat(page).contains("Request Token URL").contains(h.base + "/v2/oauth/request_token").contains("HMAC-SHA1");
    for (var e : snippets.entrySet()) {
      String code = e.getValue().replace(QuickStart.SECRET, app[1]).replace(QuickStart.PASSWORD, account.password());
      Harness.Run r = Harness.run(List.of("bash", "-c", "set -e\n" + code), null);
      assertThat(r.exit()).as(e.getKey() + ": " + r.err()).isZero();
      if (e.getKey().startsWith("OAuth 1.0a")) {
        assertThat(r.out()).as(e.getKey()).contains("oauth_token=").contains("oauth_callback_confirmed=true");
      } else if (e.getKey().startsWith("HTTP Basic, account only")) {
        assertThat(r.out()).as(e.getKey()).contains("\"account\":\"" + account.id() + "\"");
      } else if (e.getKey().contains("/v2/products") || e.getKey().contains("/v0/products") || e.getKey().startsWith("HTTP")) {
        // the sample upstream's product list answers only an authenticated request; every other answer is an error body
        assertThat(r.out()).as(e.getKey() + " ran:\n" + code).contains("\"products\":[").doesNotContain("\"status\":4");
      } else {
        assertThat(r.out()).as(e.getKey() + " ran:\n" + code).contains("\"client\":\"" + app[0] + "\"");
      }
    }
  }
}
