package portcullis.core.scheme.keytoken;

import java.util.Optional;
import portcullis.core.Directory;

/**
 * Where key-tokens are looked up, by the hash of the token ({@link KeyTokens#hash}). Like the
 * directory, a non-blocking implementation answers from memory and throws {@link
 * Directory.WouldBlock} on a miss when {@code directory} is the gateway's non-blocking view.
 * Thread-safe.
 */
@FunctionalInterface
public interface KeyTokenStore {
  Optional<StoredKeyToken> find(String tokenHash, Directory directory);
}
