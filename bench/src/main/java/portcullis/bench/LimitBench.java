package portcullis.bench;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import portcullis.core.Subject;
import portcullis.server.config.Settings;
import portcullis.server.limits.LocalFailedLogins;
import portcullis.server.limits.LocalRateLimiter;
import portcullis.server.limits.RateLimiter;

/**
 * The local limiters' decisions, as every request on a limited route pays them: one GCRA decision
 * (a CAS on the client's cell), and the failed-login check of an authenticated identity (its
 * account and client for the client's address) while other addresses are being throttled.
 */
public class LimitBench extends AuthBench {
  final LocalRateLimiter rate = new LocalRateLimiter(InstantSource.system());
  final LocalFailedLogins failed = new LocalFailedLogins(
      new Settings.FailedLogins(10, 100, 100, Duration.ofMinutes(15), Duration.ofHours(1)), InstantSource.system());
  final List<String> subjects = List.of(Subject.account("60dc4d95-0000-4000-8000-000000000001"), Subject.client("0fslSjzEo3F4Y0MK8ZF9Qfl4"));

  {
    for (int i = 0; i < 1000; i++) { // somebody else is guessing
      failed.failed("198.51.100." + (i % 200), Subject.user("victim" + (i % 50) + "@example.com"));
    }
  }

  @Benchmark
  public RateLimiter.Decision rateLimitDecision() {
    return rate.decide("r|c|0fslSjzEo3F4Y0MK8ZF9Qfl4", 1_000_000_000, 1_000, 1);
  }

  @Benchmark
  public long failedLoginCheck() {
    return failed.blockedFor("203.0.113.7", subjects);
  }
}
