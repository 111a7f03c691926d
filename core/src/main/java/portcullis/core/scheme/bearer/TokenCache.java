package portcullis.core.scheme.bearer;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Verified tokens by their compact serialization, so that repeat requests skip JSON parsing and
 * signature verification. Entries hold only what the signature proved; time, revocation, client and
 * owner are checked on every request. The server supplies a Caffeine cache. Thread-safe.
 */
public interface TokenCache {
  /** The verified token, or null. */
  AccessToken get(String token);

  void put(String token, AccessToken verified);

  /** A cache that remembers nothing. */
  static TokenCache none() {
    return new TokenCache() {
      @Override
      public AccessToken get(String token) {
        return null;
      }

      @Override
      public void put(String token, AccessToken verified) {}
    };
  }

  /** A simple bounded cache (cleared when full), for embedding and benchmarks. */
  static TokenCache bounded(int maximumSize) {
    ConcurrentHashMap<String, AccessToken> map = new ConcurrentHashMap<>();
    return new TokenCache() {
      @Override
      public AccessToken get(String token) {
        return map.get(token);
      }

      @Override
      public void put(String token, AccessToken verified) {
        if (map.size() >= maximumSize) {
          map.clear();
        }
        map.put(token, verified);
      }
    };
  }
}
