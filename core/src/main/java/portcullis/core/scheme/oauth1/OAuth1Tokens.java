package portcullis.core.scheme.oauth1;

import java.security.PublicKey;
import java.util.Optional;

/**
 * Where the OAuth 1.0a scheme finds tokens and RSA client keys. The server's implementation answers
 * from memory and, on a miss while on an event loop, throws {@link portcullis.core.Directory.WouldBlock}
 * like the directory. Thread-safe.
 */
public interface OAuth1Tokens {
  /** The token with this value (looked up by its hash), whatever its state, if it exists. */
  Optional<OAuth1Token> find(String tokenValue);

  /** The RSA public key registered for RSA-SHA1 by this client, if any. */
  Optional<PublicKey> rsaKey(String clientKey);
}
