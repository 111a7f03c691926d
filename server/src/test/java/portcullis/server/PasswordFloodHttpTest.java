package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;
import static portcullis.server.Harness.basic;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.testing.RunningGateway;

/**
 * A flood of wrong Basic passwords (account-only route, no client key needed) must not starve the
 * rest of the gateway: Argon2id runs on its own threads with a bounded queue, so health checks and
 * other clients' store look-ups keep their speed, and checks beyond the queue get 503 with
 * Retry-After at once instead of holding a worker.
 */
class PasswordFloodHttpTest {
  @RegisterExtension
  static final RunningGateway h = RunningGateway.of("""
        workerPoolSize: 4
        # the failed-login throttle off (limits far away): this test is about the Argon2id queue behind it
        limits: {maxConcurrentPasswordChecks: 1, maxQueuedPasswordChecks: 4,
                 failedLogins: {perIdentityAndIp: 10000, perIp: 1000000, perAccount: 1000000}}
        routes:
          - {path: /dash, upstream: sample, schemes: [basic], clientKey: none}
          - {path: /signed, upstream: sample, schemes: [ksig1]}
        """);
  static final Harness.TestAccount victim = h.accountForClass();
  static final Harness.TestAccount other = h.accountForClass();
  static final Harness.TestClient otherApp = h.clientForClass(other, false, "read");

  static HttpResponse<String> ksig1Get(String path) {
    var signer = new portcullis.client.Ksig1Signer(otherApp.key(), otherApp.secret(), java.time.Clock.systemUTC(), null);
    var b = h.request(path).GET();
    signer.sign("GET", java.net.URI.create(h.base + path), java.util.Map.of(), new byte[0]).headers().forEach(b::header);
    return h.send(b);
  }

  @Test
  void wrongPasswordFlood_healthAndOtherClientsUnaffected_overflow503WithRetryAfter() throws Exception {
    int flooders = 48;
    ExecutorService pool = Executors.newFixedThreadPool(flooders);
    AtomicBoolean stop = new AtomicBoolean();
    ConcurrentHashMap<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    AtomicInteger retryAfterOn503 = new AtomicInteger();
    try {
      for (int i = 0; i < flooders; i++) {
        int n = i;
        pool.submit(() -> {
          while (!stop.get()) {
            HttpResponse<String> r = h.get("/dash", "Authorization", basic(victim.email(), "wrong-" + n));
            statuses.computeIfAbsent(r.statusCode(), k -> new AtomicInteger()).incrementAndGet();
            if (r.statusCode() == 503 && r.headers().firstValue("Retry-After").isPresent()) {
              retryAfterOn503.incrementAndGet();
            }
          }
        });
      }
      Thread.sleep(1500); // the flood is under way: the password queue is full
      long t0 = System.nanoTime();
      assertThat(h.get("/readyz").statusCode()).isEqualTo(200);
      Duration ready = Duration.ofNanos(System.nanoTime() - t0);
      // another client's first request needs store look-ups (cache miss), never a password check
      h.server.directory().invalidateAll();
      t0 = System.nanoTime();
      var signed = ksig1Get("/signed");
      Duration lookup = Duration.ofNanos(System.nanoTime() - t0);
      assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
      // generous bounds: before the fix both waited behind every queued Argon2id (seconds)
      assertThat(ready).isLessThan(Duration.ofSeconds(2));
      assertThat(lookup).isLessThan(Duration.ofSeconds(2));
    } finally {
      stop.set(true);
      pool.shutdown();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(statuses.keySet()).as(statuses.toString()).contains(401, 503);
    assertThat(retryAfterOn503.get()).isEqualTo(statuses.get(503).get());
    // the owner still gets in once the flood is over
    assertThat(h.get("/dash", "Authorization", basic(victim.email(), victim.password())).statusCode()).isEqualTo(200);
  }
}
