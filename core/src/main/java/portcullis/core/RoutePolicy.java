package portcullis.core;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What one route demands of a request: the schemes it accepts (asked in order), whether a client
 * key is needed, the scopes required, and the dialect for requests with no credentials.
 *
 * @param id the route's name, for logs and metrics
 * @param schemes accepted schemes, first recognizer wins
 * @param clientKey whether Basic/Digest need a client key on this route
 * @param requiredScopes scopes every identity must hold (403 otherwise)
 * @param dialect error dialect for requests no scheme recognizes
 * @param realm the realm named in challenges
 * @param options scheme-specific switches (e.g. {@code "ksig1.debug" -> "true"})
 * @param challengeOrder the route's schemes in the order their {@code WWW-Authenticate} challenges
 *     are sent; null: {@link #defaultChallengeOrder}
 */
public record RoutePolicy(
    String id,
    List<Scheme> schemes,
    ClientKeyMode clientKey,
    Set<String> requiredScopes,
    Dialect dialect,
    String realm,
    Map<String, String> options,
    List<Scheme> challengeOrder) {

  public RoutePolicy {
    Objects.requireNonNull(id, "id == null");
    schemes = List.copyOf(schemes);
    if (schemes.isEmpty()) {
      throw new IllegalArgumentException("route " + id + " accepts no scheme");
    }
    Objects.requireNonNull(clientKey, "clientKey == null");
    requiredScopes = Set.copyOf(requiredScopes);
    Objects.requireNonNull(dialect, "dialect == null");
    Objects.requireNonNull(realm, "realm == null");
    options = Map.copyOf(options);
    if (challengeOrder == null) {
      challengeOrder = defaultChallengeOrder(schemes);
    } else {
      challengeOrder = List.copyOf(challengeOrder);
      if (challengeOrder.size() != schemes.size() || !challengeOrder.containsAll(schemes)) {
        throw new IllegalArgumentException("route " + id + ": the challenge order must list each of its schemes once");
      }
    }
  }

  /** A route whose challenges go in {@link #defaultChallengeOrder}. */
  public RoutePolicy(String id, List<Scheme> schemes, ClientKeyMode clientKey, Set<String> requiredScopes, Dialect dialect,
      String realm, Map<String, String> options) {
    this(id, schemes, clientKey, requiredScopes, dialect, realm, options, null);
  }

  /**
   * The schemes by {@link Scheme#challengePlace()} (first, middle, last), in route order within
   * each place: on a {@code [basic, digest, oauth1]} route Digest, OAuth, Basic.
   */
  public static List<Scheme> defaultChallengeOrder(List<Scheme> schemes) {
    List<Scheme> out = new java.util.ArrayList<>(schemes);
    out.sort(java.util.Comparator.comparing(Scheme::challengePlace));
    return List.copyOf(out);
  }

  /** Whether a client key must accompany account credentials (Basic, Digest). */
  public enum ClientKeyMode {
    /** A client key is required; requests without one get the dialect's 400. */
    REQUIRED,
    /** Account credentials alone are enough (seed 002 dashboard); a key, if sent, is still checked. */
    NONE
  }

  public boolean option(String name) {
    return "true".equalsIgnoreCase(options.get(name));
  }

  public String option(String name, String fallback) {
    return options.getOrDefault(name, fallback);
  }
}
