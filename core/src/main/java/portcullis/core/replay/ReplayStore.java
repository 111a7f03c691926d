package portcullis.core.replay;

import java.util.concurrent.CompletionStage;

/**
 * Remembers single-use values (OAuth 1.0a and KSig1 nonces, Digest nonce counts, hashed key-token
 * secrets) for as long as they could be replayed. Asynchronous so that a shared store (a network
 * round trip) never blocks an event loop; the in-memory store answers with a completed stage.
 * Every implementation passes the server's {@code ReplayStoreContract}. Thread-safe.
 */
public interface ReplayStore {
  /**
   * Records the claim and completes with whether it holds: true for the first use of a key within
   * its lifetime, or for a count greater than the stored one (which it replaces); false otherwise.
   * Atomic: of two concurrent claims of the same first use, exactly one gets true. A stage that
   * completes exceptionally means the store could not answer (a 503, never a 401).
   */
  CompletionStage<Boolean> claim(Claim claim);
}
