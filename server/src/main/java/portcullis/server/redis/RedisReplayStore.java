package portcullis.server.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletionStage;
import portcullis.core.replay.Claim;
import portcullis.core.replay.ReplayStore;

/**
 * The {@link ReplayStore} every node shares: each claim is one atomic Redis command, one round trip
 * on the {@link RedisConnection}'s command connection, sent from the calling thread (an event loop)
 * without blocking. A first use is {@code SET key 1 NX PX ttl}; a count that must increase (Digest's
 * nonce count) is one small Lua script ({@link #INCREASE}, by {@code EVALSHA}, falling back to
 * {@code EVAL} once if Redis does not know it yet) that stores the count with its TTL only when it is
 * greater. Keys are short and binary: {@link #PREFIX} + the first 11 bytes (88 bits) of the SHA-256 of
 * the claim's key (UTF-8), 13 bytes in all: Redis keeps a key of up to 12 bytes in its smallest
 * string allocation, so a nonce with its expiry costs Redis about 97 bytes (bench/redis-memory.sh;
 * up to about 112 just after Redis doubles its hash tables), and no client key or nonce is stored in
 * the clear. Every node of one version computes the same key; the
 * raw keys of versions before this one ({@code portcullis:replay:} + the claim's key) are not read, so
 * a rolling upgrade across it forgets the old nodes' values for one window (docs/cluster.md). With
 * {@code n} values live in Redis a fresh claim collides with one of them (and is refused) with
 * probability {@code n / 2^88}: 18 million live, 6e-20. When Redis does not answer the claim fails
 * with a {@link portcullis.core.StoreUnavailableException} (a 503, never a 401 and never accepted
 * unchecked). Thread-safe.
 */
public final class RedisReplayStore implements ReplayStore {
  /** Put before every claim key's hash. */
  public static final String PREFIX = "p:";
  /** Bytes of the claim key's SHA-256 kept in the Redis key. */
  static final int HASH_BYTES = 11;
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> digest("SHA-256"));

  /**
   * KEYS[1] the key, ARGV[1] the count, ARGV[2] the TTL in ms: 1 when the count is greater than the
   * stored one (absent: 0) and now stored with that TTL, else 0 (the stored count and its TTL stay).
   * Counts are compared as Lua numbers: exact up to 2^53 (Digest's are 8 hex digits).
   */
  static final String INCREASE = "local v = tonumber(redis.call('GET', KEYS[1]) or '0') "
      + "if tonumber(ARGV[1]) > v then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end return 0";
  static final String INCREASE_SHA = sha1(INCREASE);

  private final RedisConnection redis;
  private final byte[] prefix;

  /** Claims kept under {@link #PREFIX}. */
  public RedisReplayStore(RedisConnection redis) {
    this(redis, PREFIX);
  }

  /** Claims kept under {@code prefix} (tests give each store a namespace of its own). */
  public RedisReplayStore(RedisConnection redis, String prefix) {
    this.redis = redis;
    this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
  }

  /** The Redis key of {@code claimKey} under {@code prefix}: the prefix, then 11 bytes of SHA-256. */
  public static byte[] key(String prefix, String claimKey) {
    return key(prefix.getBytes(StandardCharsets.UTF_8), claimKey);
  }

  private static byte[] key(byte[] prefix, String claimKey) {
    byte[] hash = SHA256.get().digest(claimKey.getBytes(StandardCharsets.UTF_8));
    byte[] key = java.util.Arrays.copyOf(prefix, prefix.length + HASH_BYTES);
    System.arraycopy(hash, 0, key, prefix.length, HASH_BYTES);
    return key;
  }

  @Override
  public CompletionStage<Boolean> claim(Claim claim) {
    byte[] key = key(prefix, claim.key());
    String ttl = Long.toString(Math.max(1, claim.ttl().toMillis()));
    Future<Boolean> held;
    if (claim.isFirstUse()) {
      held = redis.send(Request.cmd(Command.SET).arg(key).arg("1").arg("NX").arg("PX").arg(ttl)).map(r -> r != null);
    } else {
      String count = Long.toString(claim.value());
      held = redis.send(Request.cmd(Command.EVALSHA).arg(INCREASE_SHA).arg(1).arg(key).arg(count).arg(ttl))
          .recover(e -> noScript(e)
              ? redis.send(Request.cmd(Command.EVAL).arg(INCREASE).arg(1).arg(key).arg(count).arg(ttl))
              : Future.failedFuture(e))
          .map(RedisReplayStore::one);
    }
    return held.toCompletionStage();
  }

  private static boolean one(Response r) {
    return r != null && r.toLong() == 1L;
  }

  /** Redis answered NOSCRIPT: it has not seen the script since it started (or a SCRIPT FLUSH). */
  private static boolean noScript(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains("NOSCRIPT")) {
        return true;
      }
    }
    return false;
  }

  private static String sha1(String script) {
    return HexFormat.of().formatHex(digest("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
