package portcullis.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import portcullis.core.replay.ReplayWindow;
import portcullis.server.MemoryReplayStore;

/**
 * The in-memory replay store at a sustained rate, on a simulated clock (no HTTP, no waiting): RATE
 * KSig1 nonces per simulated second for SECONDS, each timestamped AHEAD seconds in the future (the
 * worst case is 300: kept 602 s), with the default capacity and window; counts refusals of fresh
 * nonces (must be 0), checks a sample of replays is refused, and measures the heap the live values
 * take after a full GC. Run by bench/replay-fill.sh:
 *
 * <pre>java -Xmx1g -cp bench/target/benchmarks.jar portcullis.bench.ReplayFill [RATE] [SECONDS] [AHEAD]</pre>
 */
public final class ReplayFill {
  public static void main(String[] args) {
    long rate = args.length > 0 ? Long.parseLong(args[0]) : MemoryReplayStore.TARGET_RATE;
    long seconds = args.length > 1 ? Long.parseLong(args[1]) : 900;
    long ahead = args.length > 2 ? Long.parseLong(args[2]) : 300;
    Duration window = Duration.ofSeconds(300);
    long t0 = Instant.parse("2026-12-03T12:00:00Z").toEpochMilli();
    AtomicLong nowMs = new AtomicLong(t0);
    InstantSource clock = new InstantSource() {
      @Override
      public Instant instant() {
        return Instant.ofEpochMilli(nowMs.get());
      }

      @Override
      public long millis() {
        return nowMs.get();
      }
    };
    long heapBefore = heapAfterGc();
    MemoryReplayStore store = new MemoryReplayStore(MemoryReplayStore.DEFAULT_CAPACITY, clock);
    long refused = 0;
    long replaysAccepted = 0;
    long peakEntries = 0;
    long start = System.nanoTime();
    long n = 0;
    for (long s = 0; s < seconds; s++) {
      for (long i = 0; i < rate; i++, n++) {
        nowMs.set(t0 + s * 1000 + i * 1000 / rate);
        long nowSec = nowMs.get() / 1000;
        Duration ttl = ReplayWindow.ttl(Instant.ofEpochSecond(nowSec + ahead), window, clock.instant());
        if (!store.firstUse("ksig1:ck_0123456789abcdefghij:n-" + n, ttl)) {
          refused++;
        }
        if (i % 1000 == 0 && n > rate && store.firstUse("ksig1:ck_0123456789abcdefghij:n-" + (n - rate), ttl)) {
          replaysAccepted++; // a nonce used one second ago, replayed: must be refused
        }
      }
      peakEntries = Math.max(peakEntries, store.entries());
      if (s % 60 == 59) {
        System.err.printf("t=%ds claims=%d live=%d refused=%d%n", s + 1, n, store.entries(), refused);
      }
    }
    double cpu = (System.nanoTime() - start) / 1e9;
    long live = store.entries();
    long heap = heapAfterGc() - heapBefore;
    System.out.printf("| %d/s | %d s | %d s | %d | %d | %d | %d | %.1f MiB | %.1f | %.0f ns |%n", rate, seconds, ahead, n, refused,
        replaysAccepted, live, heap / 1048576.0, (double) heap / live, cpu * 1e9 / n);
    if (store.capacity() < 0) {
      System.out.println(store); // keeps the store reachable until the heap has been measured
    }
  }

  static long heapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
