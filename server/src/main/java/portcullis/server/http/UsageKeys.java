package portcullis.server.http;

import io.vertx.core.http.HttpServerRequest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import portcullis.core.Directory;
import portcullis.core.Outcome;
import portcullis.core.text.Form;

/**
 * Which client a routed request counts for in the usage counters: the authenticated identity's; for
 * a refused request, the client key it names (the seeds' headers and parameters, OAuth 1.0a's
 * consumer key, a key-token's public key) when that client is in the directory's cache, so that
 * made-up keys never take room in the counters. Never blocks.
 */
final class UsageKeys {
  private UsageKeys() {}

  private static final Pattern CONSUMER_KEY = Pattern.compile("oauth_consumer_key=\"([^\"]{1,128})\"");
  private static final String[] HEADERS = {"X-Client-Key", "X-App-Key", "X-API-Key"};
  private static final String[] PARAMS = {"client_key", "app_key", "oauth_consumer_key"};

  static String clientOf(HttpServerRequest req, Outcome outcome, Directory cached) {
    if (outcome instanceof Outcome.Authenticated ok) {
      return ok.identity().clientKey();
    }
    String claimed = claimed(req);
    if (claimed == null || claimed.length() > 128) {
      return null;
    }
    try {
      return cached.client(claimed).isPresent() ? claimed : null;
    } catch (Directory.WouldBlock e) {
      return null; // not cached: not counted
    }
  }

  private static String claimed(HttpServerRequest req) {
    for (String h : HEADERS) {
      String v = req.getHeader(h);
      if (v != null && !v.isBlank()) {
        return v.trim();
      }
    }
    String q = req.query();
    if (q != null) {
      for (String p : PARAMS) {
        String v = Form.first(q, p);
        if (v != null && !v.isBlank()) {
          return v.trim();
        }
      }
    }
    String auth = req.getHeader("Authorization");
    if (auth == null) {
      return null;
    }
    Matcher m = CONSUMER_KEY.matcher(auth);
    if (auth.regionMatches(true, 0, "OAuth ", 0, 6) && m.find()) {
      return m.group(1);
    }
    if (auth.indexOf(' ') < 0) { // seed 003: <public_key> or <public_key>:<token>
      int colon = auth.indexOf(':');
      return colon < 0 ? auth : auth.substring(0, colon);
    }
    return null;
  }
}
