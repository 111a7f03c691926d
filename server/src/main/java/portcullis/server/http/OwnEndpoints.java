package portcullis.server.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Endpoints the gateway answers itself rather than forwarding (token endpoints, OAuth pages, JWKS):
 * exact paths and path prefixes mounted on one vertx-web router.
 */
public final class OwnEndpoints implements Handler<HttpServerRequest> {
  private final Router router;
  private final Set<String> exact = ConcurrentHashMap.newKeySet();
  private final Set<String> prefixes = ConcurrentHashMap.newKeySet();

  public OwnEndpoints(Router router) {
    this.router = router;
  }

  public Router router() {
    return router;
  }

  /** Claims an exact path ({@code /api/token}) or, ending in {@code /*}, a prefix. */
  public void claim(String path) {
    if (path.endsWith("/*")) {
      prefixes.add(path.substring(0, path.length() - 1));
    } else {
      exact.add(path);
    }
  }

  boolean handles(String path) {
    if (exact.contains(path)) {
      return true;
    }
    for (String p : prefixes) {
      if (path.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void handle(HttpServerRequest req) {
    router.handle(req);
  }
}
