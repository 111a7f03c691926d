package portcullis.core.scheme.digest;

import java.util.Optional;
import portcullis.core.Directory;

/**
 * Where the Digest scheme finds stored HA1 values. The server's implementation answers from a
 * cache; on a miss it throws {@link portcullis.core.Directory.WouldBlock} when {@code lookups} may not
 * block ({@link portcullis.core.Directory#mayBlock()}), and {@link
 * portcullis.core.StoreUnavailableException} when the store cannot answer. Thread-safe.
 */
public interface DigestSecrets {
  /** The account's HA1 for a base algorithm, if one is stored. */
  Optional<StoredHa1> ha1(String accountId, DigestAlgorithm base, Directory lookups);

  /** The id of the account whose user hash for a base algorithm is {@code userhash} (lowercase hex). */
  Optional<String> accountIdByUserhash(DigestAlgorithm base, String userhash, Directory lookups);
}
