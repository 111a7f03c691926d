package portcullis.core.scheme.digest;

import java.util.Optional;

/**
 * Where the Digest scheme finds stored HA1 values. The server's implementation answers from a
 * cache; like {@link portcullis.core.Directory} it throws {@link
 * portcullis.core.Directory.WouldBlock} on a miss when it may not block, and {@link
 * portcullis.core.StoreUnavailableException} when the store cannot answer. Thread-safe.
 */
public interface DigestSecrets {
  /** The account's HA1 for a base algorithm, if one is stored. */
  Optional<StoredHa1> ha1(String accountId, DigestAlgorithm base);

  /** The id of the account whose user hash for a base algorithm is {@code userhash} (lowercase hex). */
  Optional<String> accountIdByUserhash(DigestAlgorithm base, String userhash);
}
