package portcullis.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a route's schemes against one request: the first scheme that recognizes the request owns
 * it; when none does the route's dialect answers 401 with every scheme's challenge. Stateless.
 */
public final class Gateway {
  private Gateway() {}

  public static Outcome authenticate(RequestView request, RoutePolicy route, Directory directory) {
    Scheme owner = null;
    for (Scheme scheme : route.schemes()) {
      if (scheme.recognizes(request)) {
        owner = scheme;
        break;
      }
    }
    if (owner == null) {
      return Outcome.reject(route.dialect().missingCredentials(request).withHeaders(challenges(route)));
    }
    Outcome outcome = owner.authenticate(request, route, directory);
    if (outcome instanceof Outcome.Rejected rejected) {
      Failure f = rejected.failure();
      if (f.status() == 401 && f.headers().stream().noneMatch(h -> h.getKey().equalsIgnoreCase("WWW-Authenticate"))) {
        return Outcome.reject(f.withHeaders(challenges(route)));
      }
      return outcome;
    }
    Identity identity = ((Outcome.Authenticated) outcome).identity();
    if (!identity.scopes().containsAll(route.requiredScopes())) {
      Set<String> missing = new HashSet<>(route.requiredScopes());
      missing.removeAll(identity.scopes());
      return Outcome.reject(route.dialect().insufficientScope(missing));
    }
    return outcome;
  }

  /** Every {@code WWW-Authenticate} challenge of the route's schemes, in route order. */
  public static List<Map.Entry<String, String>> challenges(RoutePolicy route) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    for (Scheme scheme : route.schemes()) {
      for (String c : scheme.challenges(route)) {
        out.add(Map.entry("WWW-Authenticate", c));
      }
    }
    return out;
  }
}
