package portcullis.server.portal;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;

/**
 * Requests per client, by hour and outcome, for the portal's usage chart. The gateway records the
 * final status of every request whose client it knows ({@link #record}, on the event loop: must not
 * block); the portal reads the last 24 hours. In memory on one node ({@link MemoryUsageCounters});
 * in Redis when the nodes of a cluster share one ({@code RedisUsageCounters}).
 */
public interface UsageCounters {
  /** The outcomes counted, in the order the chart stacks them. */
  List<String> OUTCOMES = List.of("2xx", "401", "403", "429", "other");

  /** The outcome a response status counts as. */
  static int outcome(int status) {
    if (status >= 200 && status < 300) {
      return 0;
    }
    return switch (status) {
      case 401 -> 1;
      case 403 -> 2;
      case 429 -> 3;
      default -> 4;
    };
  }

  /** Counts one request of {@code clientKey} answered with {@code status} now. Non-blocking. */
  void record(String clientKey, int status);

  /** The client's last 24 hours, oldest hour first. */
  Future<Usage> last24Hours(String clientKey);

  /** When the client was last seen (any outcome), or null; for many clients at once. */
  Future<java.util.Map<String, Instant>> lastUsed(List<String> clientKeys);

  /**
   * @param hourStarts the start of each of the 24 hours, oldest first
   * @param counts {@code counts[hour][outcome]} in {@link #OUTCOMES} order
   */
  record Usage(List<Instant> hourStarts, long[][] counts) {}

  /** Counts nothing (a gateway without a portal). */
  UsageCounters NONE = new UsageCounters() {
    @Override
    public void record(String clientKey, int status) {}

    @Override
    public Future<Usage> last24Hours(String clientKey) {
      return Future.succeededFuture(MemoryUsageCounters.empty(Instant.now()));
    }

    @Override
    public Future<java.util.Map<String, Instant>> lastUsed(List<String> clientKeys) {
      return Future.succeededFuture(java.util.Map.of());
    }
  };
}
