package portcullis.server.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * vertx-web's {@link BodyHandler}, but only for methods that carry a body: on GET/HEAD/OPTIONS with
 * a form Content-Type the plain BodyHandler throws (it asks the request to expect multipart), which
 * would surface as a server error. Use this on every router that reads bodies.
 */
public final class SafeBodyHandler implements Handler<RoutingContext> {
  private final BodyHandler delegate;

  private SafeBodyHandler(long limit) {
    this.delegate = BodyHandler.create().setBodyLimit(limit).setHandleFileUploads(false).setDeleteUploadedFilesOnEnd(true);
  }

  /** A body handler accepting at most {@code limit} bytes (413 beyond). */
  public static SafeBodyHandler create(long limit) {
    return new SafeBodyHandler(limit);
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpMethod m = ctx.request().method();
    if (m == HttpMethod.GET || m == HttpMethod.HEAD || m == HttpMethod.OPTIONS) {
      ctx.next();
    } else {
      delegate.handle(ctx);
    }
  }
}
