package portcullis.server.limits;

import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rate-limit and nonce-quota keys this node refused lately and until when, so that {@code GET
 * /admin/throttles} can list them (a GCRA cell alone does not say which limit it was measured
 * against). Bounded; swept with the limiters.
 */
final class Refusals {
  private static final int MAX = 100_000;
  private final InstantSource clock;
  private final ConcurrentHashMap<String, Entry> refused = new ConcurrentHashMap<>();

  record Entry(String kind, String who, String reason, long untilMillis) {}

  Refusals(InstantSource clock) {
    this.clock = clock;
  }

  void refused(String key, String kind, String who, String reason, long retryMillis) {
    if (refused.size() < MAX || refused.containsKey(key)) {
      refused.put(key, new Entry(kind, who, reason, clock.millis() + retryMillis));
    }
  }

  List<FailedLogins.Throttle> active() {
    long now = clock.millis();
    List<FailedLogins.Throttle> out = new ArrayList<>();
    refused.forEach((key, e) -> {
      if (e.untilMillis() > now) {
        out.add(new FailedLogins.Throttle(id(key), e.kind(), e.who(), null, e.reason(), e.untilMillis()));
      }
    });
    return out;
  }

  /** The key of an id this class made, or null. */
  static String key(String id) {
    if (!id.startsWith("r-")) {
      return null;
    }
    try {
      return new String(Base64.getUrlDecoder().decode(id.substring(2)), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static String id(String key) {
    return "r-" + Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
  }

  boolean remove(String key) {
    return refused.remove(key) != null;
  }

  void sweep() {
    long now = clock.millis();
    refused.values().removeIf(e -> e.untilMillis() <= now);
  }
}
