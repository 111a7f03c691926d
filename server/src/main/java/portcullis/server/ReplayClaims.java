package portcullis.server;

import java.util.concurrent.CompletionException;
import portcullis.core.replay.Claim;
import portcullis.core.replay.ReplayStore;

/** Commits a claim from blocking work (a worker thread, never an event loop): for endpoints that issue tokens. */
public final class ReplayClaims {
  private ReplayClaims() {}

  /**
   * Whether {@code claim} holds, waiting for the store's answer; a store that could not answer
   * rethrows its own exception (a {@link portcullis.core.StoreUnavailableException}: a 503), not
   * the {@link CompletionException} around it.
   */
  public static boolean hold(ReplayStore store, Claim claim) {
    try {
      return store.claim(claim).toCompletableFuture().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }
}
