package portcullis.core;

import java.util.concurrent.CompletionStage;

/**
 * One step of the post-authentication chain, which runs between "authenticated" and "forwarded"
 * in both the reverse proxy and forward-auth: it may refuse an authenticated request (a {@link
 * Outcome.Rejected} in the route's dialect, with its status, headers and body) or let it pass,
 * possibly with response headers added ({@link Outcome.Authenticated#withResponseHeaders}). The
 * route's required scopes are the first step ({@link RequiredScopes}); rate limits, audit and
 * per-client metrics plug in here. Asynchronous so a step may ask a shared store; a step that
 * answers at once returns a completed stage. Thread-safe.
 */
public interface AfterAuthentication {
  CompletionStage<Outcome> apply(Outcome.Authenticated authenticated, RequestView request, RoutePolicy route);
}
