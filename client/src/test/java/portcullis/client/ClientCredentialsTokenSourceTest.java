package portcullis.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.core.testing.MovableClock;

/** The token source against a small JDK HTTP server that plays the token endpoint. */
class ClientCredentialsTokenSourceTest {
  final AtomicInteger fetches = new AtomicInteger();
  final List<String> authorizations = new ArrayList<>();
  volatile int status = 200;
  /** When set, the endpoint tells {@code inFetch} it has a request and answers only once {@code release} opens. */
  volatile java.util.concurrent.CountDownLatch inFetch;
  volatile java.util.concurrent.CountDownLatch release;
  MovableClock clock = new MovableClock(Instant.parse("2026-11-22T10:00:00Z"));

  @RegisterExtension
  final StubEndpoint endpoint = StubEndpoint.json("/api/token", 4, ex -> {
    int n = fetches.incrementAndGet();
    if (release != null) {
      inFetch.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (authorizations) {
      authorizations.add(ex.getRequestHeaders().getFirst("Authorization") + " | " + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    }
    return new StubEndpoint.Reply(status, status == 200
        ? "{\"access_token\":\"tok-" + n + "\",\"token_type\":\"Bearer\",\"expires_in\":600,\"scope\":\"read\"}"
        : "{\"error\":\"invalid_client\",\"error_description\":\"The client credentials are not valid.\"}");
  });

  ClientCredentialsTokenSource source(String key, String secret) {
    return ClientCredentialsTokenSource.builder(endpoint.uri(), key, secret)
        .clock(clock).refreshBefore(Duration.ofSeconds(60)).build();
  }

  @Test
  void token_cachedUntilRefreshWindow() {
    var s = source("key", "secret");
    assertThat(s.token()).isEqualTo("tok-1");
    clock.advance(Duration.ofSeconds(539));
    assertThat(s.token()).isEqualTo("tok-1");
    assertThat(fetches).hasValue(1);
    clock.advance(Duration.ofSeconds(1));
    assertThat(s.token()).isEqualTo("tok-2");
    assertThat(fetches).hasValue(2);
  }

  @Test
  void token_basicIsFormEncodedPerRfc6749() {
    source("my:client", "p@ss w+rd").token();
    // the oauth2.json vector: "my%3Aclient:p%40ss+w%2Brd"
    assertThat(authorizations.get(0)).isEqualTo("Basic bXklM0FjbGllbnQ6cCU0MHNzK3clMkJyZA== | grant_type=client_credentials");
  }

  @Test
  void token_concurrentCallersShareOneFetch() throws Exception {
    var s = source("key", "secret");
    int n = 16;
    CyclicBarrier barrier = new CyclicBarrier(n);
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        results.add(pool.submit(() -> {
          barrier.await();
          return s.token();
        }));
      }
      Set<String> seen = ConcurrentHashMap.newKeySet();
      for (Future<String> f : results) {
        seen.add(f.get());
      }
      assertThat(seen).containsExactly("tok-1");
      assertThat(fetches).hasValue(1);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Callers that queue up behind a fetch that fails get that failure: they do not each fetch again in
   * turn (N callers behind an endpoint that hangs would otherwise wait N timeouts).
   */
  @Test
  void token_concurrentCallersShareOneFailedFetch() throws Exception {
    status = 401;
    inFetch = new java.util.concurrent.CountDownLatch(1);
    release = new java.util.concurrent.CountDownLatch(1);
    var s = source("key", "wrong");
    int waiters = 8;
    ExecutorService pool = Executors.newFixedThreadPool(waiters + 1);
    try {
      List<Future<String>> results = new ArrayList<>();
      results.add(pool.submit(s::token));
      inFetch.await();
      List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
      java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(waiters);
      for (int i = 0; i < waiters; i++) {
        results.add(pool.submit(() -> {
          threads.add(Thread.currentThread());
          started.countDown();
          return s.token();
        }));
      }
      started.await();
      // every waiter is parked behind the fetch in progress before the endpoint answers
      while (!threads.stream().allMatch(t -> t.getState() == Thread.State.WAITING)) {
        Thread.onSpinWait();
      }
      release.countDown();
      for (Future<String> f : results) {
        assertThatThrownBy(f::get).hasCauseInstanceOf(ClientCredentialsTokenSource.TokenException.class)
            .hasMessageContaining("invalid_client");
      }
      assertThat(fetches).hasValue(1);
      // a call after the failure tries again
      assertThatThrownBy(s::token).isInstanceOf(ClientCredentialsTokenSource.TokenException.class);
      assertThat(fetches).hasValue(2);
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void token_refused_throwsWithOAuthError() {
    status = 401;
    var s = source("key", "wrong");
    assertThatThrownBy(s::token).isInstanceOf(ClientCredentialsTokenSource.TokenException.class)
        .hasMessageContaining("invalid_client")
        .satisfies(e -> assertThat(((ClientCredentialsTokenSource.TokenException) e).status()).isEqualTo(401));
  }

  @Test
  void invalidate_fetchesAgain() {
    var s = source("key", "secret");
    s.token();
    s.invalidate();
    assertThat(s.token()).isEqualTo("tok-2");
  }

  @Test
  void token_refreshFailsBeforeExpiry_returnsCachedToken() {
    var s = source("key", "secret");
    assertThat(s.token()).isEqualTo("tok-1");
    clock.advance(Duration.ofSeconds(540)); // in the refresh window
    status = 503;
    assertThat(s.token()).isEqualTo("tok-1");
    clock.advance(Duration.ofSeconds(59)); // the token's last second
    assertThat(s.token()).isEqualTo("tok-1");
    clock.advance(Duration.ofSeconds(1)); // expired: the failure now reaches the caller
    assertThatThrownBy(s::token).isInstanceOf(ClientCredentialsTokenSource.TokenException.class);
    status = 200;
    assertThat(s.token()).startsWith("tok-");
    assertThat(s.token()).isNotEqualTo("tok-1");
  }

  @Test
  void token_refreshFails_retriesAfterAFewSeconds() {
    var s = source("key", "secret");
    s.token();
    clock.advance(Duration.ofSeconds(540));
    status = 503;
    s.token();
    int failed = fetches.get();
    s.token();
    assertThat(fetches).hasValue(failed); // no new attempt at once
    status = 200;
    clock.advance(ClientCredentialsTokenSource.RETRY_AFTER_FAILURE);
    assertThat(s.token()).isEqualTo("tok-" + (failed + 1));
  }

  @Test
  void invalidate_lateForOldToken_keepsFreshOne() {
    var s = source("key", "secret");
    String old = s.token();
    clock.advance(Duration.ofSeconds(540));
    assertThat(s.token()).isEqualTo("tok-2");
    s.invalidate(old); // a 401 on a request that carried the old token arrives late
    assertThat(s.token()).isEqualTo("tok-2");
    assertThat(fetches).hasValue(2);
    s.invalidate("tok-2");
    assertThat(s.token()).isEqualTo("tok-3");
  }

  @Test
  void parse_flatJsonSkipsNestedValues() {
    var m = FlatJson.parse("{\"a\":{\"x\":[1,\"}\"]},\"access_token\":\"t\\u0041\",\"expires_in\":30}");
    assertThat(m).containsEntry("access_token", "tA").containsEntry("expires_in", "30").doesNotContainKey("a");
    assertThat(FlatJson.parse("not json")).isEmpty();
  }
}
