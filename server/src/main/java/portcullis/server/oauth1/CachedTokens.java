package portcullis.server.oauth1;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Context;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import portcullis.core.Directory;
import portcullis.core.crypto.Crypto;
import portcullis.core.scheme.oauth1.OAuth1Token;
import portcullis.core.scheme.oauth1.OAuth1Tokens;
import portcullis.core.scheme.oauth1.RsaKeys;

/**
 * {@link OAuth1Tokens} over {@link OAuth1Store} with Caffeine caches keyed by token hash (and
 * client key for RSA keys). On an event-loop thread a miss throws {@link Directory.WouldBlock} so
 * the gateway retries on the worker pool. Every local write drops the entries it touches once its
 * transaction has committed; other nodes see writes after the entity TTL.
 */
final class CachedTokens implements OAuth1Tokens {
  private final OAuth1Store store;
  private final Cache<String, Optional<OAuth1Token>> tokens;
  private final Cache<String, Optional<PublicKey>> rsa;

  CachedTokens(OAuth1Store store, Duration ttl, long maximumSize) {
    this.store = store;
    this.tokens = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maximumSize).build();
    this.rsa = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(Math.max(1000, maximumSize / 10)).build();
  }

  OAuth1Store store() {
    return store;
  }

  static String hash(String tokenValue) {
    return Crypto.sha256Hex(tokenValue);
  }

  /**
   * Loads through {@link Cache#get(Object, java.util.function.Function)}, never getIfPresent → load →
   * put: a load is atomic with the entry, so an {@link #invalidate} issued after a write committed
   * waits for a load in flight and removes its (possibly stale) result instead of being overtaken by it.
   */
  private static <T> Optional<T> get(Cache<String, Optional<T>> cache, String key, Supplier<Optional<T>> load) {
    Optional<T> v = cache.getIfPresent(key);
    if (v != null) {
      return v;
    }
    if (Context.isOnEventLoopThread()) {
      throw Directory.WouldBlock.INSTANCE;
    }
    return cache.get(key, k -> load.get());
  }

  @Override
  public Optional<OAuth1Token> find(String tokenValue) {
    if (tokenValue == null || tokenValue.isEmpty() || tokenValue.length() > 256) {
      return Optional.empty();
    }
    String h = hash(tokenValue);
    return get(tokens, h, () -> store.find(h));
  }

  @Override
  public Optional<PublicKey> rsaKey(String clientKey) {
    return get(rsa, clientKey, () -> store.rsaKey(clientKey).map(RsaKeys::parsePublic));
  }

  void invalidate(String hash) {
    tokens.invalidate(hash);
  }

  void invalidateRsa(String clientKey) {
    rsa.invalidate(clientKey);
  }
}
