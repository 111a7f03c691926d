package portcullis.server.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A PostgreSQL of one test's own (Debian's binaries, a throwaway data directory on a free loopback
 * port), which the test may stop and start again on the same port: the shared one of ./run-tests
 * must never go down under other tests. Skips when PostgreSQL is not installed, unless {@code
 * PORTCULLIS_REQUIRE_PG=1}.
 */
public record TestPostgres(Path bin, Path dir, int port) implements AutoCloseable {
  /** Creates, starts and fills in one empty database {@code portcullis}. */
  public static TestPostgres own() {
    File[] versions = new File("/usr/lib/postgresql").listFiles();
    Path bin = versions == null ? null : Arrays.stream(versions).map(f -> f.toPath().resolve("bin"))
        .filter(p -> Files.isExecutable(p.resolve("pg_ctl"))).sorted().reduce((x, y) -> y).orElse(null);
    if (bin == null) {
      if ("1".equals(System.getenv("PORTCULLIS_REQUIRE_PG"))) {
        throw new IllegalStateException("PORTCULLIS_REQUIRE_PG=1 but PostgreSQL is not installed under /usr/lib/postgresql");
      }
      assumeTrue(false, "PostgreSQL not installed; run ./run-tests");
    }
    try {
      Path dir = Files.createTempDirectory("portcullis-own-pg");
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      TestPostgres pg = new TestPostgres(bin, dir, port);
      if (root()) {
        pg.run("chown", "postgres", dir.toString());
      }
      pg.asPostgres(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-A", "trust", "-U", "postgres");
      pg.start();
      pg.asPostgres(bin.resolve("createdb").toString(), "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", "postgres",
          "portcullis");
      return pg;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/portcullis";
  }

  public void start() {
    asPostgres(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w", "-l", dir.resolve("log").toString(),
        "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
  }

  /** Stops it at once (open connections are cut). */
  public void stop() {
    asPostgres(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop");
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (RuntimeException ignored) {
      // already stopped
    }
    run("rm", "-rf", dir.toString());
  }

  private static boolean root() {
    return "root".equals(System.getProperty("user.name"));
  }

  private void asPostgres(String... cmd) {
    List<String> all = new ArrayList<>();
    if (root()) {
      all.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    all.addAll(List.of(cmd));
    run(all.toArray(String[]::new));
  }

  private void run(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (p.waitFor() != 0) {
        throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
