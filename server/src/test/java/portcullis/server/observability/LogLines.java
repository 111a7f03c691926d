package portcullis.server.observability;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The JSON lines of a log the gateway writes from another thread: waits (up to 5 s) until there are enough. */
final class LogLines {
  private LogLines() {}

  static List<JsonObject> atLeast(Path file, int count) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (true) {
      List<String> raw = Files.exists(file) ? Files.readAllLines(file) : List.of();
      if (raw.size() >= count || System.nanoTime() > deadline) {
        return raw.stream().map(JsonObject::new).toList();
      }
      Thread.sleep(20);
    }
  }
}
