package portcullis.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import portcullis.server.Harness;

/**
 * The third-party Node clients of the interop tests (npm digest-fetch, oauth, oauth-1.0a, jose,
 * openid-client), installed once per build with {@code npm ci} from the committed
 * package-lock.json in src/test/node-clients into target/node-clients, with the scripts beside it
 * ({@code *.mjs}, {@code *.cjs}) that drive them.
 */
public final class NodeClients {
  private static Path dir;

  private NodeClients() {}

  /** target/node-clients, installed when missing or when the lock file changed. */
  public static synchronized Path dir() {
    if (dir != null) {
      return dir;
    }
    try {
      Path src = Path.of("src/test/node-clients");
      Path to = Path.of("target/node-clients");
      Files.createDirectories(to);
      boolean lockChanged = !Files.exists(to.resolve("package-lock.json"))
          || Files.mismatch(src.resolve("package-lock.json"), to.resolve("package-lock.json")) != -1;
      try (Stream<Path> files = Files.list(src)) {
        for (Path f : files.toList()) {
          if (Files.isRegularFile(f)) {
            Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
      if (lockChanged || !Files.isDirectory(to.resolve("node_modules"))) {
        Process p = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error").directory(to.toFile())
            .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("npm ci: " + out).isZero();
      }
      dir = to;
      return dir;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Runs {@code node script args...} in the install directory with extra environment variables. */
  public static Harness.Run node(Map<String, String> env, String script, String... args) {
    List<String> cmd = new ArrayList<>(List.of("node", script));
    cmd.addAll(List.of(args));
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir().toFile());
      pb.environment().putAll(env);
      Process p = pb.start();
      p.getOutputStream().close();
      var out = p.getInputStream().readAllBytes();
      var err = p.getErrorStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + cmd);
      }
      return new Harness.Run(p.exitValue(), new String(out), new String(err));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
