package portcullis.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.client.OAuth1Signer;
import portcullis.server.Harness;
import portcullis.server.testing.RunningGateway;

/**
 * {@code scopes: [{name, description}]}: the descriptions stand beside the scope names, HTML-escaped,
 * on the registration form, "My apps", the app's page, the OAuth 1.0a authorization page and the
 * authorized-applications page.
 */
class ScopeDescriptionsHttpTest {
  static final String ESCAPED = "Read your &lt;b&gt;products&lt;/b&gt; &amp; orders";

  @RegisterExtension
  static final RunningGateway h = RunningGateway.of(Harness.demoYaml().replace("routes:\n", """
      scopes:
        - {name: read, description: 'Read your <b>products</b> & orders'}
        - write
      routes:
      """));

  @Test
  void portalPages_showTheDescriptionBesideTheName_escaped() {
    var account = h.account();
    PortalClient b = new PortalClient(h.base);
    assertThat(b.signIn(account.email(), account.password()).statusCode()).isEqualTo(303);
    String form = b.get("/developers/apps/new").body();
    assertThat(form).contains("value=\"read\"").contains("value=\"write\"").contains(ESCAPED).doesNotContain("<b>products");
    String csrf = b.csrfOf("/developers/apps/new");
    var made = b.post("/developers/apps/new", Map.of("csrf", csrf, "name", "Scoped app", "scope", "read", "kind", "internal"));
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    String key = PortalClient.field(made.body(), "client-key");
    String apps = b.get("/developers").body();
    assertThat(apps).contains("<code>read</code> <span class=\"scope-description\">" + ESCAPED + "</span>").doesNotContain("<b>products");
    String app = b.get("/developers/apps/" + key).body();
    assertThat(app).contains("<code>read</code> <span class=\"scope-description\">" + ESCAPED + "</span>");
  }

  @Test
  void oauth1AuthorizePage_showsTheDescription_escaped() {
    var account = h.account();
    var client = h.client(account, true, "read", "write");
    URI uri = URI.create(h.base + "/v2/oauth/request_token");
    String auth = OAuth1Signer.builder(client.key(), client.secret()).build().sign("POST", uri, List.of(), Map.of("oauth_callback", "oob"))
        .authorizationHeader(null);
    var rt = h.send(h.request("/v2/oauth/request_token").header("Authorization", auth).POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
    assertThat(rt.statusCode()).as(rt.body()).isEqualTo(200);
    String token = rt.body().replaceAll(".*oauth_token=([^&]+).*", "$1");
    String page = h.get("/v2/oauth/authorize?oauth_token=" + token).body();
    assertThat(page).contains("<li><strong>read</strong> <span class=\"scope-description\">" + ESCAPED + "</span></li>")
        .contains("<li><strong>write</strong></li>").doesNotContain("<b>products");
  }
}
