package portcullis.core;

import java.util.List;

/**
 * One authentication scheme: parse → look up → verify → identity or failure.
 *
 * <p>Contract: {@link #authenticate} never throws for anything the caller sent; every bad input is a
 * {@link Outcome.Rejected} with a 4xx. It may throw {@link Directory.WouldBlock} (propagated from the
 * directory) before any side effect, in which case the gateway runs it again on a worker thread, and
 * {@link StoreUnavailableException} when the store cannot answer. Implementations are thread-safe.
 */
public interface Scheme {
  /** Stable id used in config, logs, metrics and {@code X-Portcullis-Scheme}. */
  String id();

  /** Cheap look at the headers only. False means "not my request", never "bad request". */
  boolean recognizes(RequestView request);

  /** Authenticates a request this scheme recognized. */
  Outcome authenticate(RequestView request, RoutePolicy route, Directory directory);

  /**
   * Whether this scheme reads the client key ({@code X-Client-Key}, {@code X-App-Key},
   * {@code client_key}, {@code app_key}); on routes where one does, keys that disagree are refused.
   */
  default boolean readsClientKey() {
    return false;
  }

  /** The {@code WWW-Authenticate} challenges this scheme adds to a 401 on the given route. */
  default List<String> challenges(RoutePolicy route) {
    return List.of();
  }

  /**
   * Where this scheme's challenges go in a 401 when the route does not set the order
   * ({@link RoutePolicy#defaultChallengeOrder}): {@link ChallengePlace#MIDDLE} unless the scheme says.
   */
  default ChallengePlace challengePlace() {
    return ChallengePlace.MIDDLE;
  }

  /**
   * A scheme's place among a route's {@code WWW-Authenticate} challenges. Clients read them
   * differently: python-requests/httpie and npm digest-fetch look only at the start of the
   * (comma-joined) header and answer it when it is Digest, wget 1.21 aborts when the last one is a
   * scheme it does not know, curl {@code --anyauth} picks the strongest wherever it is. Digest
   * first, Basic (which every client knows) last and the others between suits all of them.
   */
  enum ChallengePlace {
    FIRST,
    MIDDLE,
    LAST
  }
}
