package portcullis.server.cli;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import portcullis.server.http.PortcullisServer;

/** Keeps a started server alive until SIGTERM/SIGINT, then shuts it down gracefully. */
final class Running {
  private static final Logger LOG = LoggerFactory.getLogger(Running.class);

  private Running() {}

  static int untilSignalled(PortcullisServer server) {
    if (!java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:+ExitOnOutOfMemoryError")) {
      LOG.warn("the JVM runs without -XX:+ExitOnOutOfMemoryError: an OutOfMemoryError the gateway does not see could leave it"
          + " running half-dead; ./portcullis sets it, add it when you start the jar yourself");
    }
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("shutting down: finishing requests in flight");
      server.close();
      LOG.info("stopped");
      done.countDown();
    }, "portcullis-shutdown"));
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
