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

  /**
   * The {@link Subject} this request's secret will be checked against, when it is cheap to tell
   * before verifying (a Basic or Digest user name, its account from the cache): the gateway then
   * refuses a throttled (identity, address) pair before any Argon2id work. Null when unknown, or
   * when telling would need the store ({@code directory} never blocks here); the verdict is judged
   * afterwards either way.
   */
  default String claimedSubject(RequestView request, Directory directory) {
    return null;
  }

  /** The subject of a user name, its account's when {@code directory} knows it without blocking; null when it cannot tell. */
  static String subjectOfUser(String user, Directory directory) {
    if (user == null || user.isEmpty() || user.length() > 254) {
      return null;
    }
    try {
      return directory.accountByEmail(user).map(a -> Subject.account(a.id())).orElseGet(() -> Subject.user(user));
    } catch (Directory.WouldBlock e) {
      return null;
    }
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
