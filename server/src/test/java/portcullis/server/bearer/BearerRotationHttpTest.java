package portcullis.server.bearer;

import static org.assertj.core.api.Assertions.assertThat;
import static portcullis.server.Harness.json;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import portcullis.server.Harness;
import portcullis.core.testing.MovableClock;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.testing.RunningGateway;

/** Scheduled key rotation with a moved clock: the old key keeps verifying its tokens until they expire. */
class BearerRotationHttpTest {
  static MovableClock clock = MovableClock.atNow();

  @RegisterExtension
  static final RunningGateway h = BearerTesting.gateway(clock);

  static BearerModule module() {
    return h.server.modules().stream().filter(m -> m instanceof BearerModule).map(m -> (BearerModule) m).findFirst().orElseThrow();
  }

  @Test
  void maintain_rotatesOnScheduleAndRetiresOldKeyAfterItsTokens() {
    var owner = h.account();
    var app = h.client(owner, false, "read");
    String firstKid = module().keyRing().publishedKids().get(0);
    clock.advance(Duration.ofDays(1).minusSeconds(100));
    module().maintain();
    String old = BearerTesting.token(h, app);
    assertThat(BearerRouteHttpTest.kidOf(old)).isEqualTo(firstKid);

    clock.advance(Duration.ofSeconds(200)); // past the first key's retirement
    module().maintain();
    String fresh = BearerTesting.token(h, app);
    String secondKid = BearerRouteHttpTest.kidOf(fresh);
    assertThat(secondKid).isNotEqualTo(firstKid);
    var r = h.get("/api/whoami", "Authorization", "Bearer " + old);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    r = h.get("/api/whoami", "Authorization", "Bearer " + fresh);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json(h.get("/.well-known/jwks.json")).getJsonArray("keys").size()).isEqualTo(2);

    clock.advance(Duration.ofSeconds(560)); // retirement + ttl + margin reached: the old key leaves the JWKS
    module().maintain();
    assertThat(module().keyRing().publishedKids()).containsExactly(secondKid);
    assertThat(json(h.get("/.well-known/jwks.json")).getJsonArray("keys").size()).isEqualTo(1);
    assertThat(h.get("/api/whoami", "Authorization", "Bearer " + fresh).statusCode()).isEqualTo(200);
    assertThat(h.get("/api/whoami", "Authorization", "Bearer " + old).statusCode()).isEqualTo(401);
  }
}
