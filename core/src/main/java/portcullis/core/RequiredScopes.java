package portcullis.core;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The post-authentication step that refuses an identity lacking a scope the route requires (403 in the dialect). */
public final class RequiredScopes implements AfterAuthentication {
  public static final RequiredScopes INSTANCE = new RequiredScopes();

  private RequiredScopes() {}

  /** The rejection for an identity without every required scope, or null when it has them all. */
  public static Outcome check(Identity identity, RoutePolicy route) {
    if (identity.scopes().containsAll(route.requiredScopes())) {
      return null;
    }
    Set<String> missing = new HashSet<>(route.requiredScopes());
    missing.removeAll(identity.scopes());
    return Outcome.reject(route.dialect().insufficientScope(missing, route));
  }

  @Override
  public CompletionStage<Outcome> apply(Outcome.Authenticated authenticated, RequestView request, RoutePolicy route) {
    Outcome refused = check(authenticated.identity(), route);
    return CompletableFuture.completedFuture(refused == null ? authenticated : refused);
  }
}
