package portcullis.core.scheme.keytoken;

import java.util.Optional;
import portcullis.core.Directory;

/**
 * Where key-tokens are looked up, by the hash of the token ({@link KeyTokens#hash}). The server's
 * implementation answers from memory and, on a miss when {@code lookups} may not block ({@link
 * Directory#mayBlock()}), throws {@link Directory.WouldBlock}. Thread-safe.
 */
@FunctionalInterface
public interface KeyTokenStore {
  Optional<StoredKeyToken> find(String tokenHash, Directory lookups);
}
