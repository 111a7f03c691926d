package portcullis.server.oauth1;

import java.security.PublicKey;
import java.time.Duration;
import java.util.Optional;
import portcullis.core.Directory;
import portcullis.core.crypto.Crypto;
import portcullis.core.scheme.oauth1.OAuth1Token;
import portcullis.core.scheme.oauth1.OAuth1Tokens;
import portcullis.core.scheme.oauth1.RsaKeys;
import portcullis.server.StoreCache;

/**
 * {@link OAuth1Tokens} over {@link OAuth1Store} with {@link StoreCache}s keyed by token hash (and
 * client key for RSA keys): a miss through the non-blocking directory throws {@link
 * Directory.WouldBlock} so the gateway retries on the worker pool. Every local write drops the entries it touches once its
 * transaction has committed; other nodes see writes after the entity TTL.
 */
final class CachedTokens implements OAuth1Tokens {
  private final OAuth1Store store;
  private final StoreCache<OAuth1Token> tokens;
  private final StoreCache<PublicKey> rsa;

  CachedTokens(OAuth1Store store, Duration ttl, long maximumSize) {
    this.store = store;
    this.tokens = new StoreCache<>(ttl, maximumSize);
    this.rsa = new StoreCache<>(ttl, Math.max(1000, maximumSize / 10));
  }

  OAuth1Store store() {
    return store;
  }

  static String hash(String tokenValue) {
    return Crypto.sha256Hex(tokenValue);
  }

  @Override
  public Optional<OAuth1Token> find(String tokenValue, Directory lookups) {
    if (tokenValue == null || tokenValue.isEmpty() || tokenValue.length() > 256) {
      return Optional.empty();
    }
    return tokens.get(hash(tokenValue), lookups, store::find);
  }

  @Override
  public Optional<PublicKey> rsaKey(String clientKey, Directory lookups) {
    return rsa.get(clientKey, lookups, k -> store.rsaKey(k).map(RsaKeys::parsePublic));
  }

  void invalidate(String hash) {
    tokens.invalidate(hash);
  }

  void invalidateRsa(String clientKey) {
    rsa.invalidate(clientKey);
  }
}
