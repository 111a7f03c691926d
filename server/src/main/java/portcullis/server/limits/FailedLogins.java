package portcullis.server.limits;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The failed-credential throttle's counters ({@code limits.failedLogins}): wrong secrets per (subject,
 * client IP), per client IP and per subject, each over a sliding window. A {@link portcullis.core.Subject}
 * is an account, an unknown user name or a client. Thread-safe.
 */
public interface FailedLogins {
  /**
   * How long (milliseconds) {@code ip} must wait before it may try again, from what this node knows
   * now: 0 when it may. With no subjects only the per-IP count is looked at (the check before any
   * work); with subjects, also each (subject, IP) pair and each subject's count across IPs (which
   * refuses only the IPs that failed against it). Never blocks.
   */
  long blockedFor(String ip, List<String> subjects);

  /**
   * Records one wrong secret from {@code ip} against {@code subject}, unless the pair is refused
   * already (then nothing is recorded); completes with the wait (milliseconds) when it was refused,
   * 0 when recorded. One round trip in a cluster.
   */
  CompletionStage<Long> failed(String ip, String subject);

  /** What is refused now, for {@code GET /admin/throttles}. */
  List<Throttle> active();

  /** Clears the throttle with this id (from {@link #active()}); false when there is none. */
  CompletionStage<Boolean> clear(String id);

  /**
   * True when no failure is recorded at all, so that {@link #blockedFor} is 0 whoever asks (the
   * caller may then skip working out who the request claims to be); false when unknown.
   */
  default boolean nothingRecorded() {
    return false;
  }

  /** Forgets what no longer counts; called every few seconds. */
  default void sweep() {}

  /** One refusal in force. */
  record Throttle(String id, String kind, String subject, String ip, String reason, long untilMillis) {}
}
