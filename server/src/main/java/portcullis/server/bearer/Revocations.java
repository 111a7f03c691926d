package portcullis.server.bearer;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import portcullis.core.scheme.bearer.RevokedTokens;

/**
 * Revoked token ids in memory, loaded from the store at start and on every maintenance tick, and
 * added to as soon as a revocation committed on any node is heard ({@link
 * portcullis.server.cluster.Invalidation.BearerRevoked}, applied on the revoking node before it
 * answers). Entries leave once the token would have expired anyway. Thread-safe.
 */
final class Revocations implements RevokedTokens {
  private final Map<String, Instant> revoked = new ConcurrentHashMap<>();
  private final InstantSource clock;

  Revocations(InstantSource clock) {
    this.clock = clock;
  }

  @Override
  public boolean isRevoked(String jti) {
    return !revoked.isEmpty() && revoked.containsKey(jti);
  }

  void add(String jti, Instant expiresAt) {
    revoked.put(jti, expiresAt);
  }

  void addAll(Map<String, Instant> loaded) {
    revoked.putAll(loaded);
  }

  void dropExpired() {
    Instant now = clock.instant();
    revoked.values().removeIf(exp -> !exp.isAfter(now));
  }

  int size() {
    return revoked.size();
  }
}
