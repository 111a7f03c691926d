package portcullis.core.scheme.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import portcullis.core.testing.MovableClock;

class DigestNoncesTest {
  final MovableClock clock = new MovableClock(Instant.parse("2026-11-22T10:00:00Z"));
  final DigestNonces nonces = new DigestNonces("k".repeat(32).getBytes(), clock, Duration.ofMinutes(5));

  @Test
  void check_freshThenStale() {
    String n = nonces.issue();
    assertThat(nonces.check(n)).isEqualTo(DigestNonces.State.FRESH);
    clock.advanceSeconds(300);
    assertThat(nonces.check(n)).isEqualTo(DigestNonces.State.FRESH);
    clock.advanceSeconds(1);
    assertThat(nonces.check(n)).isEqualTo(DigestNonces.State.STALE);
  }

  @Test
  void check_otherKeyOrTampered_invalid() {
    String n = nonces.issue();
    DigestNonces other = new DigestNonces("x".repeat(32).getBytes(), clock, Duration.ofMinutes(5));
    assertThat(other.check(n)).isEqualTo(DigestNonces.State.INVALID);
    char[] t = n.toCharArray();
    t[3] = t[3] == 'A' ? 'B' : 'A';
    assertThat(nonces.check(new String(t))).isEqualTo(DigestNonces.State.INVALID);
    assertThat(nonces.check("7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v")).isEqualTo(DigestNonces.State.INVALID);
    assertThat(nonces.check("")).isEqualTo(DigestNonces.State.INVALID);
    assertThat(nonces.check("!".repeat(43))).isEqualTo(DigestNonces.State.INVALID);
  }

  @Test
  void check_issuedInTheFuture_invalid() {
    clock.advanceSeconds(3600);
    String n = nonces.issue();
    clock.advanceSeconds(-3600);
    assertThat(nonces.check(n)).isEqualTo(DigestNonces.State.INVALID);
  }

  @Test
  void issue_distinctEachTime_opaqueStable() {
    assertThat(nonces.issue()).isNotEqualTo(nonces.issue()).hasSize(43);
    assertThat(nonces.opaque("r")).isEqualTo(nonces.opaque("r")).isNotEqualTo(nonces.opaque("s"));
  }
}
