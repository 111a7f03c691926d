package portcullis.core.scheme.oauth1;

import java.util.List;
import portcullis.core.Directory;
import portcullis.core.Identity;
import portcullis.core.Outcome;
import portcullis.core.RequestView;
import portcullis.core.RoutePolicy;
import portcullis.core.Scheme;

/**
 * OAuth 1.0a (RFC 5849) on protected routes: a request signed with the client's secret and an
 * access token's secret acts as the account that authorized the token, with the token's scopes.
 * Parameters may come in the {@code Authorization} header, a form body or the query (§3.5).
 */
public final class OAuth1Scheme implements Scheme {
  public static final String ID = "oauth1";
  /**
   * Route option: PLAINTEXT requests must carry oauth_timestamp and oauth_nonce as the signed
   * methods do (400 parameter_absent otherwise), so they cannot be replayed.
   */
  public static final String REQUIRE_NONCE_OPTION = "oauth1.requireNonce";
  private final OAuth1Verifier verifier;

  public OAuth1Scheme(OAuth1Verifier verifier) {
    this.verifier = verifier;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public boolean recognizes(RequestView request) {
    if (OAuth1Parser.isOAuthHeader(request.header("Authorization"))) {
      return true;
    }
    String q = request.rawQuery();
    if (q.contains("oauth_consumer_key=") || q.contains("oauth_signature=")) {
      return true;
    }
    if (OAuth1Parser.isForm(request.header("Content-Type"))) {
      byte[] body = request.body();
      return body.length > 0 && contains(body, "oauth_signature=");
    }
    return false;
  }

  private static boolean contains(byte[] hay, String needle) {
    byte[] n = needle.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    outer:
    for (int i = 0; i + n.length <= hay.length; i++) {
      for (int j = 0; j < n.length; j++) {
        if (hay[i + j] != n[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  @Override
  public Outcome authenticate(RequestView request, RoutePolicy route, Directory directory) {
    return verifier.verify(request, route.realm(), directory, OAuth1Verifier.Expect.ACCESS_TOKEN,
        route.option(REQUIRE_NONCE_OPTION)).outcome(v -> {
          Outcome.Authenticated ok = Outcome.ok(new Identity(v.account().id(), v.client().clientKey(), ID, v.token().scopes(),
              v.token().id()));
          return v.nonce().map(ok::claiming).orElse(ok);
        });
  }

  @Override
  public List<String> challenges(RoutePolicy route) {
    return List.of(OAuth1Failures.challenge(route.realm()));
  }
}
