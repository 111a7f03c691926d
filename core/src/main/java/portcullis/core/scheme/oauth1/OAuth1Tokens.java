package portcullis.core.scheme.oauth1;

import java.security.PublicKey;
import java.util.Optional;
import portcullis.core.Directory;

/**
 * Where the OAuth 1.0a scheme finds tokens and RSA client keys. The server's implementation answers
 * from memory and, on a miss when {@code lookups} may not block ({@link
 * portcullis.core.Directory#mayBlock()}), throws {@link portcullis.core.Directory.WouldBlock}.
 * Thread-safe.
 */
public interface OAuth1Tokens {
  /** The token with this value (looked up by its hash), whatever its state, if it exists. */
  Optional<OAuth1Token> find(String tokenValue, Directory lookups);

  /** The RSA public key registered for RSA-SHA1 by this client, if any. */
  Optional<PublicKey> rsaKey(String clientKey, Directory lookups);
}
