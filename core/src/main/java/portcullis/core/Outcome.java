package portcullis.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import portcullis.core.replay.Claim;

/**
 * What a scheme concluded about a request: authenticated (with the single-use values it still needs
 * committed, and response headers the post-authentication chain adds), or rejected with a failure in
 * the scheme's dialect. "We could not check" (store down) is never an outcome: it is a {@link
 * StoreUnavailableException}.
 */
public sealed interface Outcome {
  /**
   * @param identity who the caller is
   * @param claims single-use values to commit before the request goes on ({@link Admission})
   * @param responseHeaders headers for the response to the client when the request passes
   */
  record Authenticated(Identity identity, List<Claim> claims, List<Map.Entry<String, String>> responseHeaders) implements Outcome {
    public Authenticated {
      claims = List.copyOf(claims);
      responseHeaders = List.copyOf(responseHeaders);
    }

    /** This outcome, once {@code claim} is committed too. */
    public Authenticated claiming(Claim claim) {
      List<Claim> more = new ArrayList<>(claims);
      more.add(claim);
      return new Authenticated(identity, more, responseHeaders);
    }

    /** This outcome with its claims committed (none left). */
    public Authenticated committed() {
      return claims.isEmpty() ? this : new Authenticated(identity, List.of(), responseHeaders);
    }

    /** This outcome with {@code headers} added to the response. */
    public Authenticated withResponseHeaders(List<Map.Entry<String, String>> headers) {
      List<Map.Entry<String, String>> all = new ArrayList<>(responseHeaders);
      all.addAll(headers);
      return new Authenticated(identity, claims, all);
    }
  }

  record Rejected(Failure failure) implements Outcome {}

  static Authenticated ok(Identity identity) {
    return new Authenticated(identity, List.of(), List.of());
  }

  static Outcome reject(Failure failure) {
    return new Rejected(failure);
  }
}
