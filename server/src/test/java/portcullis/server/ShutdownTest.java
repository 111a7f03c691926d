package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;
import static portcullis.server.Harness.basic;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Graceful shutdown: a request in flight when the gateway is closed still gets its answer. */
class ShutdownTest {
  @Test
  void close_letsRequestsInFlightFinish() throws Exception {
    HttpServer slow = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    java.util.concurrent.Semaphore arrived = new java.util.concurrent.Semaphore(0);
    slow.createContext("/", ex -> {
      arrived.release();
      try {
        Thread.sleep(1500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      byte[] out = "done".getBytes();
      ex.sendResponseHeaders(200, out.length);
      ex.getResponseBody().write(out);
      ex.close();
    });
    slow.start();
    Harness h = Harness.start("routes: [{path: /slow, upstream: 'http://127.0.0.1:" + slow.getAddress().getPort()
        + "', schemes: [basic], clientKey: none}]");
    try {
      var a = h.account();
      assertThat(h.get("/slow", "Authorization", basic(a.email(), a.password())).statusCode()).isEqualTo(200);
      arrived.drainPermits();
      CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(
          () -> h.get("/slow", "Authorization", basic(a.email(), a.password())));
      assertThat(arrived.tryAcquire(30, java.util.concurrent.TimeUnit.SECONDS)).as("request reached the upstream").isTrue();
      h.close();
      HttpResponse<String> r = inFlight.get();
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("done");
    } finally {
      h.close();
      slow.stop(0);
    }
  }
}
