package portcullis.server.limits;

import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import portcullis.core.Subject;
import portcullis.server.config.Settings;

/**
 * {@link FailedLogins} in this node's memory: one {@link SlidingLog} per key, {@code i|ip}, {@code
 * p|subject|ip} and {@code s|subject}, each holding at most its limit. Keys whose window holds
 * nothing are swept ({@link #sweep}); beyond {@value #MAX_KEYS} keys, new pair and subject keys are
 * not made (the per-IP count, which stops credential stuffing, still is) and a warning says so.
 */
public final class LocalFailedLogins implements FailedLogins {
  private static final Logger LOG = LoggerFactory.getLogger(LocalFailedLogins.class);
  static final int MAX_KEYS = 1_000_000;
  private final Settings.FailedLogins limits;
  private final InstantSource clock;
  private final ConcurrentHashMap<String, SlidingLog> logs = new ConcurrentHashMap<>();
  private volatile long warnedAt;

  public LocalFailedLogins(Settings.FailedLogins limits, InstantSource clock) {
    this.limits = limits;
    this.clock = clock;
  }

  static String ipKey(String ip) {
    return "i|" + ip;
  }

  static String pairKey(String subject, String ip) {
    return "p|" + subject + "|" + ip;
  }

  static String subjectKey(String subject) {
    return "s|" + subject;
  }

  private long window() {
    return limits.window().toMillis();
  }

  private long accountWindow() {
    return limits.accountWindow().toMillis();
  }

  @Override
  public boolean nothingRecorded() {
    return logs.isEmpty();
  }

  @Override
  public long blockedFor(String ip, List<String> subjects) {
    if (logs.isEmpty()) {
      return 0; // the common case: nobody has failed lately
    }
    long now = clock.millis();
    long wait = waitOf(ipKey(ip), limits.perIp(), now, window());
    for (String s : subjects) {
      wait = Math.max(wait, waitOf(pairKey(s, ip), limits.perIdentityAndIp(), now, window()));
      long subject = waitOf(subjectKey(s), limits.perAccount(), now, accountWindow());
      if (subject > 0) {
        SlidingLog pair = logs.get(pairKey(s, ip));
        long failedHere = pair == null ? 0 : pair.newestLeavesIn(now, window());
        if (failedHere > 0) { // only the addresses that failed against it; the owner elsewhere still gets in
          wait = Math.max(wait, Math.min(subject, failedHere));
        }
      }
    }
    return wait;
  }

  private long waitOf(String key, int limit, long now, long windowMillis) {
    SlidingLog log = logs.get(key);
    return log == null ? 0 : log.waitIfAtLeast(limit, now, windowMillis);
  }

  @Override
  public CompletionStage<Long> failed(String ip, String subject) {
    long wait = blockedFor(ip, List.of(subject));
    if (wait > 0) {
      return CompletableFuture.completedFuture(wait);
    }
    long now = clock.millis();
    record(ipKey(ip), limits.perIp(), now);
    record(pairKey(subject, ip), limits.perIdentityAndIp(), now);
    record(subjectKey(subject), limits.perAccount(), now);
    return CompletableFuture.completedFuture(0L);
  }

  private void record(String key, int capacity, long now) {
    SlidingLog log = logs.get(key);
    if (log == null) {
      if (logs.size() >= MAX_KEYS && !key.startsWith("i|")) {
        if (now - warnedAt > 60_000) {
          warnedAt = now;
          LOG.warn("failed-login throttle: {} keys tracked, the most it keeps; new (identity, IP) counts are not kept"
              + " until older ones expire (per-IP counts still are)", logs.size());
        }
        return;
      }
      log = logs.computeIfAbsent(key, k -> new SlidingLog(capacity));
    }
    log.add(now);
  }

  /** Forgets keys with nothing left in their window. Called periodically. */
  @Override
  public void sweep() {
    long now = clock.millis();
    logs.entrySet().removeIf(e -> e.getValue().idle(now, e.getKey().startsWith("s|") ? accountWindow() : window()));
  }

  /** Keys held (for metrics and tests). */
  public int size() {
    return logs.size();
  }

  @Override
  public List<Throttle> active() {
    long now = clock.millis();
    List<Throttle> out = new ArrayList<>();
    for (var e : logs.entrySet()) {
      String key = e.getKey();
      SlidingLog log = e.getValue();
      String[] parts = key.startsWith("p|") // a subject may hold '|' (an e-mail may); an address never does
          ? new String[] {"p", key.substring(2, key.lastIndexOf('|')), key.substring(key.lastIndexOf('|') + 1)}
          : key.split("\\|", 2);
      switch (parts[0]) {
        case "i" -> add(out, key, "ip", null, parts[1], log.waitIfAtLeast(limits.perIp(), now, window()), now,
            limits.perIp() + " failed attempts from this address within " + limits.window().toSeconds() + " s");
        case "p" -> add(out, key, "identity_and_ip", parts[1], parts[2], log.waitIfAtLeast(limits.perIdentityAndIp(), now, window()), now,
            limits.perIdentityAndIp() + " failed attempts for this identity from this address within " + limits.window().toSeconds() + " s");
        case "s" -> add(out, key, "account", parts[1], null, log.waitIfAtLeast(limits.perAccount(), now, accountWindow()), now,
            limits.perAccount() + " failed attempts within " + limits.accountWindow().toSeconds()
                + " s; refused only to the addresses that failed against it");
        default -> { }
      }
    }
    return out;
  }

  private static void add(List<Throttle> out, String key, String kind, String subject, String ip, long wait, long now, String reason) {
    if (wait > 0) {
      out.add(new Throttle(id(key), kind, subject == null ? null : Subject.describe(subject), ip, reason, now + wait));
    }
  }

  public static String id(String key) {
    return "f-" + Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
  }

  /** The key of a throttle id, or null when it is not one of ours. */
  public static String key(String id) {
    if (!id.startsWith("f-")) {
      return null;
    }
    try {
      return new String(Base64.getUrlDecoder().decode(id.substring(2)), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @Override
  public CompletionStage<Boolean> clear(String id) {
    String key = key(id);
    return CompletableFuture.completedFuture(key != null && logs.remove(key) != null);
  }
}
