package portcullis.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.core.testing.MovableClock;

/** The key-token client against a small JDK HTTP server that plays {@code POST /v0/tokens}. */
class KeyTokenClientTest {
  final AtomicInteger exchanges = new AtomicInteger();
  volatile int status = 200;
  volatile Duration ttl = Duration.ofHours(4);
  volatile String lastBody;
  final MovableClock clock = new MovableClock(Instant.parse("2026-11-22T10:00:00Z"));

  @RegisterExtension
  final StubEndpoint endpoint = StubEndpoint.json("/v0/tokens", 2, ex -> {
    int n = exchanges.incrementAndGet();
    lastBody = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    long expire = clock.instant().plus(ttl).toEpochMilli();
    return new StubEndpoint.Reply(status, status == 200
        ? "{\"status\":true,\"token\":\"tok-" + n + "\",\"data\":{\"token\":\"tok-" + n + "\",\"access\":\"admin\",\"expire\":" + expire + "}}"
        : "{\"status\":false,\"errors\":[{\"code\":" + status + ",\"type\":\"X\",\"message\":\"refused\"}]}");
  });

  KeyTokenClient client(Duration refreshAhead) {
    return new KeyTokenClient(HttpClient.newHttpClient(), endpoint.origin(),
        "pk_app", "b7c9e2f0-secret", clock, refreshAhead);
  }

  @Test
  void hashedSecret_vectors() {
    assertThat(KeyTokenClient.hashedSecret("b7c9e2f0-secret", 1795340000123L)).isEqualTo("TJVfDjguXkURD4Zl6fX56dxzaPIpCdDQ1jJ/r3sgsaQ=");
    assertThat(KeyTokenClient.hashedSecret("b7c9e2f0-secret", 1795340000L)).isEqualTo("NMzwyecvzgXX2JaEVIQn/TELUNSHvaO90njpNvsOEWc=");
  }

  @Test
  void token_sendsHashedSecretWithMillisecondTimestamp() throws Exception {
    client(Duration.ofMinutes(1)).token();
    long ms = clock.millis();
    assertThat(lastBody).isEqualTo("{\"publicKey\":\"pk_app\",\"secretKey\":\"" + KeyTokenClient.hashedSecret("b7c9e2f0-secret", ms)
        + "\",\"timestamp\":" + ms + "}");
  }

  @Test
  void token_cachedUntilRefreshAhead() throws Exception {
    var kt = client(Duration.ofMinutes(1));
    assertThat(kt.token().value()).isEqualTo("tok-1");
    clock.advance(Duration.ofHours(4).minusMinutes(1).minusSeconds(1));
    assertThat(kt.token().value()).isEqualTo("tok-1");
    clock.advance(Duration.ofSeconds(1));
    assertThat(kt.token().value()).isEqualTo("tok-2");
  }

  @Test
  void token_refreshAheadLongerThanLifetime_refreshesAtHalfLife() throws Exception {
    ttl = Duration.ofSeconds(60); // tokenTtlSeconds: 60, the smallest the gateway allows
    var kt = client(Duration.ofMinutes(1));
    assertThat(kt.token().value()).isEqualTo("tok-1");
    assertThat(kt.token().value()).isEqualTo("tok-1");
    clock.advance(Duration.ofSeconds(29));
    assertThat(kt.token().value()).isEqualTo("tok-1");
    assertThat(exchanges).hasValue(1);
    clock.advance(Duration.ofSeconds(1));
    assertThat(kt.token().value()).isEqualTo("tok-2");
  }

  @Test
  void token_refreshFailsBeforeExpiry_returnsCachedToken() throws Exception {
    var kt = client(Duration.ofMinutes(1));
    assertThat(kt.token().value()).isEqualTo("tok-1");
    clock.advance(Duration.ofHours(4).minusMinutes(1)); // in the refresh window
    status = 503;
    assertThat(kt.token().value()).isEqualTo("tok-1");
    int failed = exchanges.get();
    assertThat(kt.token().value()).isEqualTo("tok-1");
    assertThat(exchanges).hasValue(failed); // no new attempt at once
    clock.advance(Duration.ofSeconds(59)); // the token's last second
    assertThat(kt.token().value()).isEqualTo("tok-1");
    clock.advance(Duration.ofSeconds(1)); // expired: the failure now reaches the caller
    assertThatThrownBy(kt::token).isInstanceOf(KeyTokenClient.RejectedException.class)
        .satisfies(e -> assertThat(((KeyTokenClient.RejectedException) e).status()).isEqualTo(503));
    status = 200;
    assertThat(kt.token().value()).isNotEqualTo("tok-1");
  }

  @Test
  void token_refused_throwsWithStatusAndMessage() {
    status = 401;
    assertThatThrownBy(() -> client(Duration.ofMinutes(1)).token()).isInstanceOf(KeyTokenClient.RejectedException.class)
        .hasMessageContaining("refused")
        .satisfies(e -> assertThat(((KeyTokenClient.RejectedException) e).status()).isEqualTo(401));
  }
}
