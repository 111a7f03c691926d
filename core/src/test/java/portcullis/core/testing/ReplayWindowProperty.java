package portcullis.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import portcullis.core.replay.ReplayWindow;

/**
 * The property of the replay-window tests: a single-use value (a nonce, a nonce count, a hashed
 * secret) is remembered for as long as its timestamp can pass the window. For values whose
 * timestamps sit at and around both edges of the window ({@link EdgeInstants#offsets}), first used
 * at clock readings on and inside a second ({@link EdgeInstants#starts}), a replay is tried at
 * later instants around the end of the timestamp's window ({@link EdgeInstants#later}): whenever
 * the same scheme without a replay guard would accept the request, the value's entry in the
 * {@link ClockedReplayGuard} must be live and the replay refused.
 *
 * <pre>{@code
 * var result = new ReplayWindowProperty<>(clock, guard, r -> scheme.authenticate(r, route, dir),
 *         o -> o instanceof Outcome.Authenticated, r -> probe.authenticate(r, route, dir) instanceof Outcome.Authenticated)
 *     .replayRefused(again -> assertThat(again).isInstanceOf(Outcome.Rejected.class))
 *     .run(new EdgeInstants(seed), window, "window 2s", (start, offset) -> new Use<>(request, expiry, "timestamp " + ts));
 * }</pre>
 *
 * @param <R> a request the scheme reads
 * @param <O> what the scheme with the replay guard answers
 */
public final class ReplayWindowProperty<R, O> {
  /** How many values passed at first use, and how many replays the unguarded scheme would have let through. */
  public record Counts(int firstUses, int replays) {}

  /**
   * One value, used first at the clock's current instant: its {@code request}, the last instant
   * its timestamp passes the window ({@code expiry}, before rounding), and how a failure names it.
   */
  public record Use<R>(R request, Instant expiry, String description) {}

  private final MovableClock clock;
  private final ClockedReplayGuard guard;
  private final Function<R, O> guarded;
  private final Predicate<O> accepted;
  private final Predicate<R> passesWithoutGuard;
  private Consumer<O> replayRefused = again -> { };
  private Function<Duration, Duration> maxTtl = window -> window.multipliedBy(2).plusSeconds(3);
  private boolean probeFirstRefusals = true;

  /**
   * @param guarded uses a request with the scheme that claims through {@code guard}
   * @param accepted whether that scheme accepted it
   * @param passesWithoutGuard whether the same scheme without a replay guard accepts the request now
   */
  public ReplayWindowProperty(MovableClock clock, ClockedReplayGuard guard, Function<R, O> guarded, Predicate<O> accepted,
      Predicate<R> passesWithoutGuard) {
    this.clock = clock;
    this.guard = guard;
    this.guarded = guarded;
    this.accepted = accepted;
    this.passesWithoutGuard = passesWithoutGuard;
  }

  /** Checks, beyond its not being accepted, how a replay was refused. */
  public ReplayWindowProperty<R, O> replayRefused(Consumer<O> check) {
    this.replayRefused = check;
    return this;
  }

  /** The longest TTL a first use may record, for a window (by default twice the window and 3 seconds). */
  public ReplayWindowProperty<R, O> ttlAtMost(Function<Duration, Duration> maxTtl) {
    this.maxTtl = maxTtl;
    return this;
  }

  /**
   * Does not ask the unguarded scheme about values refused at first use (by default it must refuse
   * them too: the guard refuses nothing new). For values that can repeat, such as a Digest nonce
   * issued twice at the same instant.
   */
  public ReplayWindowProperty<R, O> firstRefusalsNotProbed() {
    this.probeFirstRefusals = false;
    return this;
  }

  /**
   * Runs the property over {@code edges}, from the clock's current instant: {@code uses} makes the value first used at {@code start}
   * (the clock reads it) with its timestamp {@code offset} milliseconds away, or null to skip that
   * pair. {@code label} (such as "window 2s") begins every failure's description.
   */
  public Counts run(EdgeInstants edges, Duration window, String label, BiFunction<Instant, Long, Use<R>> uses) {
    int firstUses = 0;
    int replays = 0;
    Instant base = clock.instant();
    for (Instant start : edges.starts(base, 6)) {
      for (long offset : edges.offsets(window, 6)) {
        clock.set(start);
        Use<R> use = uses.apply(start, offset);
        if (use == null) {
          continue;
        }
        if (!accepted.test(guarded.apply(use.request()))) {
          if (probeFirstRefusals) {
            assertThat(passesWithoutGuard.test(use.request())).as("%s, first use at %s, %s", label, start, use.description()).isFalse();
          }
          continue; // outside the window at first use
        }
        firstUses++;
        ClockedReplayGuard.Recorded rec = guard.last();
        assertThat(rec.ttl()).isGreaterThanOrEqualTo(ReplayWindow.MARGIN).isLessThanOrEqualTo(maxTtl.apply(window));
        for (Instant t : edges.later(start, use.expiry(), 8)) {
          clock.set(t);
          if (passesWithoutGuard.test(use.request())) {
            replays++;
            assertThat(guard.isLive(rec.key()))
                .as("%s, first use at %s, %s, entry expires %s, replay at %s", label, start, use.description(), rec.expiresAt(), t)
                .isTrue();
            O again = guarded.apply(use.request());
            assertThat(accepted.test(again)).as("replay accepted: %s", again).isFalse();
            replayRefused.accept(again);
          }
        }
      }
    }
    return new Counts(firstUses, replays);
  }
}
