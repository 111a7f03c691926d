package portcullis.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a route's schemes against one request: the first scheme that recognizes the request owns
 * it; when none does the route's dialect answers 401 with every scheme's challenge
 * (in {@link RoutePolicy#challengeOrder()}). Credentials sent
 * twice in conflicting copies are refused first, in the route's dialect: schemes read the first copy,
 * while a proxy or log in front may have looked at another. Stateless.
 */
public final class Gateway {
  /** Headers carrying the client key of Basic and Digest, preferred first. */
  public static final List<String> CLIENT_KEY_HEADERS = List.of("X-Client-Key", "X-App-Key");
  /** Query parameters carrying the client key of Basic and Digest, preferred first. */
  public static final List<String> CLIENT_KEY_PARAMS = List.of("client_key", "app_key");
  static final String TWO_AUTHORIZATIONS = "The request carries more than one Authorization header; send exactly one.";
  static final String TWO_CLIENT_KEYS = "The request carries more than one client key (X-Client-Key, X-App-Key, client_key,"
      + " app_key) with different values; send exactly one.";

  private Gateway() {}

  public static Outcome authenticate(RequestView request, RoutePolicy route, Directory directory) {
    Failure ambiguous = ambiguity(request, route);
    if (ambiguous != null) {
      return Outcome.reject(ambiguous);
    }
    Scheme owner = owner(request, route);
    if (owner == null) {
      return Outcome.reject(route.dialect().missingCredentials(request).withHeaders(challenges(route)));
    }
    Outcome outcome = owner.authenticate(request, route, directory);
    if (outcome instanceof Outcome.Rejected rejected) {
      Failure f = withChallenges(rejected.failure(), route);
      return f == rejected.failure() ? outcome : Outcome.reject(f);
    }
    Outcome.Authenticated ok = (Outcome.Authenticated) outcome;
    if (ok.claims().isEmpty()) {
      return ok;
    }
    List<portcullis.core.replay.Claim> claims = new ArrayList<>(ok.claims().size());
    for (portcullis.core.replay.Claim c : ok.claims()) {
      claims.add(c.mapConflict(f -> withChallenges(f, route))); // made only on a conflict
    }
    return new Outcome.Authenticated(ok.identity(), claims, ok.responseHeaders());
  }

  /** The first of the route's schemes that recognizes the request, or null. */
  public static Scheme owner(RequestView request, RoutePolicy route) {
    for (Scheme scheme : route.schemes()) {
      if (scheme.recognizes(request)) {
        return scheme;
      }
    }
    return null;
  }

  /**
   * The failure for a request with more than one {@code Authorization} header, or, on routes with a
   * scheme that reads the client key (Basic, Digest), with client keys (headers and query
   * parameters, every copy) that differ once trimmed; null when unambiguous.
   */
  static Failure ambiguity(RequestView request, RoutePolicy route) {
    String message = request.headers("Authorization").size() > 1 ? TWO_AUTHORIZATIONS
        : readsClientKey(route) && clientKeysDiffer(request) ? TWO_CLIENT_KEYS : null;
    return message == null ? null : route.dialect().ambiguousCredentials(message, route.realm());
  }

  private static boolean readsClientKey(RoutePolicy route) {
    for (Scheme s : route.schemes()) {
      if (s.readsClientKey()) {
        return true;
      }
    }
    return false;
  }

  /** Whether two non-blank client keys, headers or query parameters, differ once trimmed. */
  private static boolean clientKeysDiffer(RequestView request) {
    String query = request.rawQuery();
    boolean hasQuery = query != null && !query.isEmpty();
    int sources = CLIENT_KEY_HEADERS.size() + (hasQuery ? CLIENT_KEY_PARAMS.size() : 0);
    String seen = null;
    for (int i = 0; i < sources; i++) {
      int h = CLIENT_KEY_HEADERS.size();
      List<String> values = i < h ? request.headers(CLIENT_KEY_HEADERS.get(i)) : request.queryParams(CLIENT_KEY_PARAMS.get(i - h));
      for (String v : values) {
        if (v == null || v.isBlank()) {
          continue;
        }
        String key = v.trim();
        if (seen == null) {
          seen = key;
        } else if (!seen.equals(key)) {
          return true;
        }
      }
    }
    return false;
  }

  /** A 401 without a challenge gets every challenge of the route's schemes; anything else is returned as is. */
  private static Failure withChallenges(Failure f, RoutePolicy route) {
    if (f.status() == 401 && f.headers().stream().noneMatch(h -> h.getKey().equalsIgnoreCase("WWW-Authenticate"))) {
      return f.withHeaders(challenges(route));
    }
    return f;
  }

  /** Every {@code WWW-Authenticate} challenge of the route's schemes, in the route's challenge order. */
  public static List<Map.Entry<String, String>> challenges(RoutePolicy route) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    for (Scheme scheme : route.challengeOrder()) {
      for (String c : scheme.challenges(route)) {
        out.add(Map.entry("WWW-Authenticate", c));
      }
    }
    return out;
  }
}
