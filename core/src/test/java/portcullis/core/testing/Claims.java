package portcullis.core.testing;

import java.util.List;
import portcullis.core.Admission;
import portcullis.core.Directory;
import portcullis.core.Outcome;
import portcullis.core.RequestView;
import portcullis.core.RoutePolicy;
import portcullis.core.Scheme;
import portcullis.core.replay.Claim;
import portcullis.core.replay.ReplayStore;

/** For scheme tests: a scheme's verdict with its claims committed, as the gateway commits them. */
public final class Claims {
  private Claims() {}

  /** {@code outcome} once its claims are committed to {@code store} (a conflict is the claim's failure). */
  public static Outcome settle(Outcome outcome, ReplayStore store) {
    return new Admission(store, List.of()).admit(outcome, null, null).toCompletableFuture().join();
  }

  /** Whether {@code claim} (empty: none) holds in {@code store}. */
  public static boolean holds(java.util.Optional<Claim> claim, ReplayStore store) {
    return holds(claim.orElse(null), store);
  }

  /** Whether {@code claim} (null: none) holds in {@code store}. */
  public static boolean holds(Claim claim, ReplayStore store) {
    return claim == null || store.claim(claim).toCompletableFuture().join();
  }

  /** {@code scheme}, with every verdict's claims committed to {@code store}. */
  public static Scheme committing(Scheme scheme, ReplayStore store) {
    return new Scheme() {
      @Override
      public String id() {
        return scheme.id();
      }

      @Override
      public boolean recognizes(RequestView request) {
        return scheme.recognizes(request);
      }

      @Override
      public Outcome authenticate(RequestView request, RoutePolicy route, Directory directory) {
        return settle(scheme.authenticate(request, route, directory), store);
      }

      @Override
      public boolean readsClientKey() {
        return scheme.readsClientKey();
      }

      @Override
      public List<String> challenges(RoutePolicy route) {
        return scheme.challenges(route);
      }
    };
  }
}
