package portcullis.server.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Redis for tests. {@link #url()}: the throwaway redis-server that {@code ./run-tests} starts
 * ({@code PORTCULLIS_TEST_REDIS_URL}; the test is skipped when there is none, unless {@code
 * PORTCULLIS_REQUIRE_REDIS=1}, as in {@code ./run-tests}, makes it a failure). {@link #own()}: a
 * redis-server of the test's own on a free loopback port (no persistence, its own directory), which
 * the test may {@link #stop()} and {@link #start()} again on the same port.
 */
public final class TestRedis implements AutoCloseable {
  private final int port;
  private final Path dir;
  private Process process;

  private TestRedis(int port, Path dir) {
    this.port = port;
    this.dir = dir;
  }

  /** The shared test Redis's URL; skips (or fails, with PORTCULLIS_REQUIRE_REDIS=1) without one. */
  public static String url() {
    String url = System.getenv("PORTCULLIS_TEST_REDIS_URL");
    if (url == null || url.isBlank()) {
      missing("PORTCULLIS_TEST_REDIS_URL is not set");
    }
    return url;
  }

  private static void missing(String why) {
    if ("1".equals(System.getenv("PORTCULLIS_REQUIRE_REDIS"))) {
      throw new IllegalStateException("PORTCULLIS_REQUIRE_REDIS=1 but " + why);
    }
    assumeTrue(false, why + "; run ./run-tests to test on Redis");
  }

  /** A redis-server of this test's own, started; skips (or fails) when redis-server is not installed. */
  public static TestRedis own() {
    if (!Files.isExecutable(Path.of(binary()))) {
      missing("redis-server is not installed");
    }
    try (ServerSocket s = new ServerSocket(0)) {
      TestRedis r = new TestRedis(s.getLocalPort(), Files.createTempDirectory("portcullis-redis-test"));
      s.close();
      r.start();
      return r;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String binary() {
    for (String p : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server")) {
      if (Files.isExecutable(Path.of(p))) {
        return p;
      }
    }
    return "/usr/bin/redis-server";
  }

  public String ownUrl() {
    return "redis://127.0.0.1:" + port + "/0";
  }

  /** Starts the server (again) on its port and waits until it accepts connections. */
  public void start() {
    try {
      process = new ProcessBuilder(binary(), "--bind", "127.0.0.1", "--port", Integer.toString(port), "--dir", dir.toString(),
          "--save", "", "--appendonly", "no").redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException e) {
        sleep(50);
      }
    }
    throw new IllegalStateException("redis-server did not start on port " + port);
  }

  /** Kills the server (SIGKILL: no goodbye to its clients) and waits until it is gone. */
  public void stop() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp directory left behind
    }
  }
}
