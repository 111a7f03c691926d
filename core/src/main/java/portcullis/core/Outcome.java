package portcullis.core;

/**
 * What a scheme concluded about a request: authenticated, or rejected with a failure in the scheme's
 * dialect. "We could not check" (store down) is never an outcome: it is a {@link
 * StoreUnavailableException}.
 */
public sealed interface Outcome {
  record Authenticated(Identity identity) implements Outcome {}

  record Rejected(Failure failure) implements Outcome {}

  static Outcome ok(Identity identity) {
    return new Authenticated(identity);
  }

  static Outcome reject(Failure failure) {
    return new Rejected(failure);
  }
}
