package portcullis.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;

/**
 * The bare Vert.x hello-world that bench/run.sh measures beside Portcullis's {@code /healthz}: the same
 * Vert.x (the server's own dependency), one HTTP server per event loop (as many loops as cores, as the
 * gateway's default), the same server options (TCP_NODELAY, reuse-address), and the same response a
 * health check gives (a 15-byte JSON body, Content-Type, no Date). Whatever /healthz costs beyond
 * this is the gateway's.
 *
 * <pre>java -cp bench/target/benchmarks.jar portcullis.bench.HelloVertx PORT [EVENT_LOOPS]</pre>
 */
public final class HelloVertx {
  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int loops = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops).setPreferNativeTransport(true)); // the same transport as the gateway
    HttpServerOptions options = new HttpServerOptions().setHost("127.0.0.1").setPort(port).setTcpNoDelay(true).setReuseAddress(true);
    vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        return vertx.createHttpServer(options)
            .requestHandler(req -> req.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON).end("{\"status\":\"ok\"}"))
            .listen();
      }
    }, new DeploymentOptions().setInstances(loops)).await();
    System.out.println("hello-vertx listening on 127.0.0.1:" + port);
  }
}
