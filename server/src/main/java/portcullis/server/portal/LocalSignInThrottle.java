package portcullis.server.portal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Locale;

/**
 * A per-node sign-in limit: at most {@code perEmail} failed attempts for one email address and
 * {@code perIp} from one client address within {@code window}, counted from the first failure of
 * the window; then attempts wait for the window's end. Whether the email exists makes no difference.
 */
public final class LocalSignInThrottle implements SignInThrottle {
  private final int perEmail;
  private final int perIp;
  private final Duration window;
  private final InstantSource clock;
  private final Cache<String, long[]> failures; // key -> {windowStartMillis, count}

  public LocalSignInThrottle(int perEmail, int perIp, Duration window, InstantSource clock) {
    this.perEmail = perEmail;
    this.perIp = perIp;
    this.window = window;
    this.clock = clock;
    this.failures = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(window).build();
  }

  /** 5 failures per email and 50 per address in 15 minutes. */
  public static LocalSignInThrottle standard(InstantSource clock) {
    return new LocalSignInThrottle(5, 50, Duration.ofMinutes(15), clock);
  }

  private static String emailKey(String email) {
    return "e:" + email.trim().toLowerCase(Locale.ROOT);
  }

  private Duration wait(String key, int limit, long now) {
    long[] f = failures.getIfPresent(key);
    if (f == null) {
      return null;
    }
    synchronized (f) {
      long end = f[0] + window.toMillis();
      return f[1] >= limit && now < end ? Duration.ofMillis(end - now) : null;
    }
  }

  @Override
  public Duration check(String email, String ip) {
    long now = clock.millis();
    Duration e = wait(emailKey(email), perEmail, now);
    Duration i = wait("i:" + ip, perIp, now);
    return e == null ? i : i == null ? e : e.compareTo(i) > 0 ? e : i;
  }

  private void count(String key, long now) {
    long[] f = failures.get(key, k -> new long[] {now, 0});
    synchronized (f) {
      if (now >= f[0] + window.toMillis()) {
        f[0] = now;
        f[1] = 0;
      }
      f[1]++;
    }
  }

  @Override
  public void failed(String email, String ip) {
    long now = clock.millis();
    count(emailKey(email), now);
    count("i:" + ip, now);
  }

  @Override
  public void succeeded(String email, String ip) {
    failures.invalidate(emailKey(email));
  }
}
