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
}
