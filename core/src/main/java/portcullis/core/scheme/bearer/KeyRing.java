package portcullis.core.scheme.bearer;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import portcullis.core.crypto.Crypto;

/**
 * The signing keys of bearer tokens and their schedule. The newest key of the configured algorithm
 * that has not reached its retirement signs; a key stops signing after {@code rotation} and keeps
 * verifying (and stays in the JWKS) until the last token it signed has expired: retirement + token
 * lifetime + {@link #MARGIN}. Persisting keys is the caller's job: {@link #generate} makes a key,
 * the caller stores it, then {@link #add}s it. Thread-safe (copy-on-write snapshot).
 */
public final class KeyRing {
  /** Extra time a retired key stays published, for clock differences between nodes and upstreams. */
  public static final Duration MARGIN = Duration.ofSeconds(60);

  private final BearerAlgorithm algorithm;
  private final Duration rotation;
  private final Duration ttl;
  private final InstantSource clock;
  private volatile List<SigningKey> keys = List.of();

  public KeyRing(BearerAlgorithm algorithm, Duration rotation, Duration ttl, InstantSource clock) {
    this.algorithm = Objects.requireNonNull(algorithm, "algorithm == null");
    this.rotation = Objects.requireNonNull(rotation, "rotation == null");
    this.ttl = Objects.requireNonNull(ttl, "ttl == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  public BearerAlgorithm algorithm() {
    return algorithm;
  }

  /**
   * Replaces every key with the given ones (as loaded from the store); expired ones are skipped. A
   * key's expiry is raised to at least its retirement + the current TTL + {@link #MARGIN} (the TTL may
   * have been raised since the key was made) and never lowered below what this ring already extended
   * it to (a late-rotation signer, see {@link #signer}).
   *
   * @return the loaded keys whose expiry is later than the stored one, for the caller to persist
   */
  public synchronized List<StoredKey> load(Collection<StoredKey> stored) {
    Instant now = clock.instant();
    List<SigningKey> out = new ArrayList<>();
    List<StoredKey> longer = new ArrayList<>();
    for (StoredKey k : stored) {
      Instant expires = latest(k.expiresAt(), k.retireAt().plus(ttl).plus(MARGIN));
      for (SigningKey old : keys) {
        if (old.kid().equals(k.kid())) {
          expires = latest(expires, old.stored.expiresAt());
        }
      }
      if (expires.isAfter(now)) {
        StoredKey loaded = expires.equals(k.expiresAt()) ? k : withExpiry(k, expires);
        out.add(SigningKey.of(loaded));
        if (loaded != k) {
          longer.add(loaded);
        }
      }
    }
    out.sort(Comparator.comparing((SigningKey k) -> k.stored.createdAt()).reversed());
    keys = List.copyOf(out);
    return longer;
  }

  private static Instant latest(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static StoredKey withExpiry(StoredKey k, Instant expires) {
    return new StoredKey(k.kid(), k.algorithm(), k.privateJwk(), k.createdAt(), k.retireAt(), expires);
  }

  /** Adds one key (just persisted). */
  public synchronized void add(StoredKey k) {
    List<SigningKey> out = new ArrayList<>(keys);
    out.removeIf(x -> x.kid().equals(k.kid()));
    out.add(SigningKey.of(k));
    out.sort(Comparator.comparing((SigningKey x) -> x.stored.createdAt()).reversed());
    keys = List.copyOf(out);
  }

  /** Whether no key of the configured algorithm may sign now, so a new one must be generated. */
  public boolean rotationDue() {
    Instant now = clock.instant();
    for (SigningKey k : keys) {
      if (k.algorithm() == algorithm && k.stored.retireAt().isAfter(now)) {
        return false;
      }
    }
    return true;
  }

  /** A new key starting now, not yet added; the caller persists it and then calls {@link #add}. */
  public StoredKey generate() {
    // whole milliseconds: what every database stores exactly (a rounded-up timestamp would outlive its schedule)
    Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    for (SigningKey k : keys) {
      if (!now.isAfter(k.stored.createdAt())) {
        now = k.stored.createdAt().plusMillis(1); // strictly newest, even when the clock has not moved
      }
    }
    Instant retire = now.plus(rotation);
    String kid = Crypto.randomBase62(16);
    return SigningKey.generate(algorithm, kid, now, retire, retire.plus(ttl).plus(MARGIN));
  }

  /**
   * The key that signs now: the newest of the configured algorithm not retired, or, if rotation is
   * late, the newest of that algorithm still valid. Null when there is none (before the first key).
   * The key returned always stays valid at least until now + TTL + {@link #MARGIN}, so it outlives
   * every token it signs: a key that would expire sooner (rotation late because the store is down)
   * has its expiry extended here, in this ring, and {@link #load} keeps that extension.
   */
  SigningKey signer() {
    Instant now = clock.instant();
    SigningKey chosen = null;
    for (SigningKey k : keys) {
      if (k.algorithm() != algorithm) {
        continue;
      }
      if (k.stored.retireAt().isAfter(now)) {
        chosen = k;
        break;
      }
      if (chosen == null && k.stored.expiresAt().isAfter(now)) {
        chosen = k;
      }
    }
    if (chosen == null) {
      return null;
    }
    Instant needed = now.plus(ttl).plus(MARGIN);
    return chosen.stored.expiresAt().isBefore(needed) ? extend(chosen, needed.plus(MARGIN)) : chosen;
  }

  /** Replaces a key by the same key valid until {@code expires} (reusing its signer and verifier). */
  private synchronized SigningKey extend(SigningKey k, Instant expires) {
    List<SigningKey> out = new ArrayList<>(keys);
    SigningKey longer = k.withExpiry(withExpiry(k.stored, expires));
    for (int i = 0; i < out.size(); i++) {
      SigningKey x = out.get(i);
      if (x.kid().equals(k.kid())) {
        if (!x.stored.expiresAt().isBefore(expires)) {
          return x; // another thread extended it already
        }
        out.set(i, longer);
      }
    }
    keys = List.copyOf(out);
    return longer;
  }

  /** The key with this id that may still verify, or null. */
  SigningKey verifier(String kid) {
    Instant now = clock.instant();
    for (SigningKey k : keys) {
      if (k.kid().equals(kid)) {
        return k.stored.expiresAt().isAfter(now) ? k : null;
      }
    }
    return null;
  }

  /** The key ids currently published (newest first), for tests and the admin API. */
  public List<String> publishedKids() {
    Instant now = clock.instant();
    return keys.stream().filter(k -> k.publicJwk != null && k.stored.expiresAt().isAfter(now)).map(SigningKey::kid).toList();
  }

  /** The JWK Set (RFC 7517 §5) of every public key that may still verify a token. */
  public String jwks() {
    Instant now = clock.instant();
    List<Object> list = new ArrayList<>();
    for (SigningKey k : keys) {
      if (k.publicJwk != null && k.stored.expiresAt().isAfter(now)) {
        list.add(k.publicJwk);
      }
    }
    return JSONObjectUtils.toJSONString(Map.of("keys", list));
  }

  /** When the current signer retires (for scheduling the next rotation), or null. */
  public Instant nextRotation() {
    SigningKey k = signer();
    return k == null ? null : k.stored.retireAt();
  }
}
