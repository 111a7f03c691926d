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
import portcullis.server.cluster.Invalidation;
import portcullis.server.cluster.Invalidations;

/**
 * {@link OAuth1Tokens} over {@link OAuth1Store} with {@link StoreCache}s keyed by token hash (and
 * client key for RSA keys): a miss through the non-blocking directory throws {@link
 * Directory.WouldBlock} so the gateway retries on the worker pool. Every write drops the entries it touches once its
 * transaction has committed, here and (through {@link Invalidations}) on every node.
 */
final class CachedTokens implements OAuth1Tokens {
  private final OAuth1Store store;
  private final StoreCache<OAuth1Token> tokens;
  private final StoreCache<PublicKey> rsa;

  private final Invalidations invalidations;

  CachedTokens(OAuth1Store store, Duration ttl, long maximumSize) {
    this(store, ttl, maximumSize, Invalidations.local());
  }

  /** Tokens whose writes are announced through {@code invalidations}, cached while it trusts the caches. */
  CachedTokens(OAuth1Store store, Duration ttl, long maximumSize, Invalidations invalidations) {
    this.store = store;
    this.invalidations = invalidations;
    this.tokens = new StoreCache<>(ttl, maximumSize, invalidations::trusted);
    this.rsa = new StoreCache<>(ttl, Math.max(1000, maximumSize / 10), invalidations::trusted);
    invalidations.subscribe(this::received);
  }

  /** Publishes the caches as {@code oauth1_tokens} and {@code oauth1_rsa_keys}. */
  CachedTokens monitored(portcullis.server.CacheMeters meters) {
    tokens.monitored(meters, "oauth1_tokens");
    rsa.monitored(meters, "oauth1_rsa_keys");
    return this;
  }

  private void received(Invalidation event) {
    switch (event) {
      case Invalidation.OAuth1TokensChanged t -> tokens.invalidateAll(t.hashes());
      case Invalidation.OAuth1RsaKeyChanged r -> rsa.invalidate(r.clientKey());
      case Invalidation.DropAll d -> {
        tokens.invalidateAll();
        rsa.invalidateAll();
      }
      default -> { }
    }
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

  /** Drops the token here and on every node; after the write committed. */
  void invalidate(String hash) {
    invalidations.publish(new Invalidation.OAuth1TokensChanged(java.util.List.of(hash)));
  }

  /** Drops these tokens here and on every node (one message); after the write committed. */
  void invalidate(java.util.List<String> hashes) {
    if (!hashes.isEmpty()) {
      invalidations.publish(new Invalidation.OAuth1TokensChanged(hashes));
    }
  }

  /** Drops the client's RSA key here and on every node; after the write committed. */
  void invalidateRsa(String clientKey) {
    invalidations.publish(new Invalidation.OAuth1RsaKeyChanged(clientKey));
  }
}
