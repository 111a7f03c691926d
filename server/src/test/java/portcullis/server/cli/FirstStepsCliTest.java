package portcullis.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import portcullis.server.Harness;

/**
 * What a new user meets when start-up fails, from the real command in its own JVM: a data directory
 * another Portcullis holds, a store sealed with another master key; and the demo's own default data
 * directory (so the demo and the deployment example never share one).
 */
class FirstStepsCliTest {
  record Exit(int code, String out) {}

  static Exit portcullis(Path dir, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx128m", "-cp", System.getProperty("java.class.path"), "portcullis.server.cli.Main"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile());
    pb.environment().remove("PORTCULLIS_MASTER_KEY");
    Process p = pb.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("still running: " + Files.readString(dir.resolve("out.log")));
    }
    return new Exit(p.exitValue(), Files.readString(dir.resolve("out.log")));
  }

  static Path config(Path dir, String extra) throws Exception {
    Path f = dir.resolve("config.yaml");
    Files.writeString(f, "listen: {host: 127.0.0.1, port: 0}\n" + extra + "routes:\n  - {path: /x, schemes: [basic, bearer]}\n");
    return f;
  }

  @Test
  void lockedDataDirectory_saysAnotherPortcullisIsUsingIt() throws Exception {
    Path dir = Harness.tempDir();
    Path data = dir.resolve("data");
    try (Harness running = Harness.node("routes:\n  - {path: /x, schemes: [basic]}\n", java.time.InstantSource.system(), data, null)) {
      Exit e = portcullis(dir, "serve", "--config", config(dir, "").toString(), "--data", data.toString());
      assertThat(e.code()).as(e.out()).isEqualTo(2);
      assertThat(e.out()).contains("portcullis: another Portcullis is using " + data.toAbsolutePath())
          .contains("--data").doesNotContain("JdbcStoreConfig").doesNotContain("\tat ");
    }
  }

  @Test
  void wrongMasterKey_namesTheFileAndTheFix() throws Exception {
    Path dir = Harness.tempDir();
    Path data = dir.resolve("data");
    try (Harness first = Harness.node("routes:\n  - {path: /x, schemes: [basic, bearer]}\n", java.time.InstantSource.system(), data, null)) {
      first.client(first.account(), false, "read");
    }
    Exit e = portcullis(dir, "serve", "--config", config(dir, "masterKey: another-master-key-0123456789\n").toString(),
        "--data", data.toString());
    assertThat(e.code()).as(e.out()).isEqualTo(2);
    assertThat(e.out()).contains("wrong master key").contains("the embedded store in " + data.toAbsolutePath())
        .contains("masterKey/PORTCULLIS_MASTER_KEY").contains("master.key").contains("--data").doesNotContain("\tat ");
  }

  @Test
  void demoAndServe_defaultToDifferentDataDirectories() throws Exception {
    Path dir = Harness.tempDir();
    assertThat(portcullis(dir, "demo", "--help").out().replaceAll("\\s+", "")).contains("(default./demo-data;")
        .contains("serve'sdefaultis./data");
  }
}
