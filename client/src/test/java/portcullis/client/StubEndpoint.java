package portcullis.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A small JDK HTTP server on a free loopback port that plays one JSON endpoint of the gateway, new
 * for each test: {@code @RegisterExtension final StubEndpoint endpoint = StubEndpoint.json("/v0/tokens", 2, ex -> ...)}.
 */
final class StubEndpoint implements BeforeEachCallback, AfterEachCallback {
  /** What the endpoint answers: a status and a JSON body. */
  record Reply(int status, String json) {}

  /** Answers one request (it may read the request, and wait). */
  interface Handler {
    Reply answer(HttpExchange request) throws IOException;
  }

  private final String path;
  private final int threads;
  private final Handler handler;
  private HttpServer server;
  private ExecutorService executor;

  private StubEndpoint(String path, int threads, Handler handler) {
    this.path = path;
    this.threads = threads;
    this.handler = handler;
  }

  /** {@code path} answered by {@code handler} on {@code threads} threads. */
  static StubEndpoint json(String path, int threads, Handler handler) {
    return new StubEndpoint(path, threads, handler);
  }

  /** {@code http://127.0.0.1:port}, the stub's origin. */
  URI origin() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The endpoint's own address (origin and path). */
  URI uri() {
    return origin().resolve(path);
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(path, ex -> {
      Reply r = handler.answer(ex);
      byte[] b = r.json().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(r.status(), b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    executor = Executors.newFixedThreadPool(threads);
    server.setExecutor(executor);
    server.start();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    server.stop(0);
    executor.shutdownNow();
  }
}
