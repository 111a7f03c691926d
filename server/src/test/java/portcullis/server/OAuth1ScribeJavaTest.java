package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.scribejava.core.builder.ServiceBuilder;
import com.github.scribejava.core.builder.api.DefaultApi10a;
import com.github.scribejava.core.builder.api.OAuth1SignatureType;
import com.github.scribejava.core.model.OAuth1AccessToken;
import com.github.scribejava.core.model.OAuth1RequestToken;
import com.github.scribejava.core.model.OAuthRequest;
import com.github.scribejava.core.model.Response;
import com.github.scribejava.core.model.Verb;
import com.github.scribejava.core.oauth.OAuth10aService;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.testing.RunningGateway;

/** The three-legged flow with ScribeJava (a third-party Java OAuth 1.0a client), header and query signing. */
class OAuth1ScribeJavaTest {
  @RegisterExtension
  static final RunningGateway h = RunningGateway.of(OAuth1Flow.TEST_YAML);
  static final OAuth1Flow flow = new OAuth1Flow(h);

  static final class PortcullisApi extends DefaultApi10a {
    private final String base;
    private final OAuth1SignatureType type;

    PortcullisApi(String base, OAuth1SignatureType type) {
      this.base = base;
      this.type = type;
    }

    @Override
    public String getRequestTokenEndpoint() {
      return base + "/v2/oauth/request_token";
    }

    @Override
    public String getAccessTokenEndpoint() {
      return base + "/v2/oauth/access_token";
    }

    @Override
    protected String getAuthorizationBaseUrl() {
      return base + "/v2/oauth/authorize";
    }

    @Override
    public OAuth1SignatureType getSignatureType() {
      return type;
    }
  }

  @ParameterizedTest
  @EnumSource(OAuth1SignatureType.class)
  void threeLegged_scribeJava(OAuth1SignatureType type) throws Exception {
    Harness.TestClient app = h.client(h.account(), true, "read", "write");
    Harness.TestAccount user = h.account();
    try (OAuth10aService service = new ServiceBuilder(app.key()).apiSecret(app.secret()).callback("oob")
        .build(new PortcullisApi(h.base, type))) {
      OAuth1RequestToken rt = service.getRequestToken();
      assertThat(service.getAuthorizationUrl(rt)).startsWith(h.base + "/v2/oauth/authorize?oauth_token=");
      var page = flow.decide(OAuth1Flow.browser(), rt.getToken(), user.email(), user.password(), "approve");
      assertThat(page.statusCode()).isEqualTo(200);
      String verifier = page.body().replaceAll("(?s).*id=\"verifier\">([^<]+)<.*", "$1");
      OAuth1AccessToken at = service.getAccessToken(rt, verifier);
      OAuthRequest req = new OAuthRequest(Verb.GET, h.base + "/v2/whoami?q=scribe");
      service.signRequest(at, req);
      try (Response r = service.execute(req)) {
        assertThat(r.getCode()).as(r.getBody()).isEqualTo(200);
        JsonObject who = new JsonObject(r.getBody());
        assertThat(who.getString("account")).isEqualTo(user.id());
        assertThat(who.getString("scheme")).isEqualTo("oauth1");
      }
    }
  }
}
