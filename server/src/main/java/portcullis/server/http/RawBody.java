package portcullis.server.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import portcullis.core.text.Form;

/**
 * Buffers the request body through {@link Bodies} (up to a limit: {@code ctx.fail(413)} beyond,
 * {@code ctx.fail(400)} for a Content-Length that is not a number, 503 when the gateway holds too
 * many bodies, 408 when it trickles) without decoding it, for every router of gateway-owned
 * endpoints. Not vertx-web's BodyHandler: that hands form bodies to Netty's decoder, which throws
 * on a malformed escape such as {@code %zz} (and refuses GET with a form Content-Type); read the
 * body with {@link #of}, {@link #form} or {@link #json}, all lenient.
 */
public final class RawBody implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(RawBody.class);
  private static final String KEY = "portcullis.body";
  private static final byte[] EMPTY = new byte[0];
  private final Bodies bodies;
  private final long limit;

  RawBody(Bodies bodies, long limit) {
    this.bodies = bodies;
    this.limit = limit;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    HttpMethod m = req.method();
    if (m == HttpMethod.GET || m == HttpMethod.HEAD || m == HttpMethod.OPTIONS || req.isEnded()) {
      ctx.next();
      return;
    }
    bodies.read(req, limit, body -> {
      ctx.put(KEY, body.getBytes());
      ctx.next();
    }, refusal -> {
      switch (refusal) {
        case GONE -> LOG.debug("{}: connection closed while reading the body", req.path());
        case BUSY, TIMEOUT -> {
          String ref = ctx.response().headers().get("X-Request-Id");
          if (refusal == Bodies.Refusal.BUSY) {
            ctx.response().putHeader("Retry-After", "1");
          }
          Responses.plain(ctx.response(), refusal.status, refusal.reason, refusal == Bodies.Refusal.BUSY
              ? "The gateway is holding too many request bodies; retry shortly." : "The request body did not arrive in time.",
              ref == null ? "" : ref);
        }
        default -> ctx.fail(refusal.status);
      }
    });
  }

  /** The request as the schemes read it ({@link portcullis.core.RequestView}), with its buffered body. */
  public static portcullis.core.RequestView view(RoutingContext ctx) {
    String q = ctx.request().query();
    return new VertxRequestView(ctx.request(), ctx.request().path(), q == null ? "" : q, Buffer.buffer(of(ctx)))
        .from(OwnEndpoints.clientAddress(ctx)).over(OwnEndpoints.transport(ctx));
  }

  /** The buffered body; empty, never null, when there was none. */
  public static byte[] of(RoutingContext ctx) {
    byte[] b = ctx.get(KEY);
    return b == null ? EMPTY : b;
  }

  /** The first value of {@code name} in an {@code application/x-www-form-urlencoded} body, or null. */
  public static String formValue(RoutingContext ctx, String name) {
    return first(form(ctx), name);
  }

  /** The first value of {@code name} in a parsed form, or null. */
  public static String first(Map<String, List<String>> form, String name) {
    List<String> v = form.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** The decoded form body (empty unless the Content-Type is {@code application/x-www-form-urlencoded}). */
  public static Map<String, List<String>> form(RoutingContext ctx) {
    if (!Form.isFormType(ctx.request().getHeader("Content-Type"))) {
      return Map.of();
    }
    return Form.parse(new String(of(ctx), StandardCharsets.UTF_8));
  }

  /** The first value of query parameter {@code name} (lenient: a bad escape stays literal), or null. */
  public static String query(RoutingContext ctx, String name) {
    return Form.first(ctx.request().query(), name);
  }

  /** The body as a JSON value, or null when it is empty or not JSON. */
  public static Object json(RoutingContext ctx) {
    byte[] b = of(ctx);
    if (b.length == 0) {
      return null;
    }
    try {
      return Buffer.buffer(b).toJsonValue();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
