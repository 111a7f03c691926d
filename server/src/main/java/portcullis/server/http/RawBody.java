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
import portcullis.core.internal.Form;

/**
 * Buffers the request body (up to a limit: {@code ctx.fail(413)} beyond, {@code ctx.fail(400)} for
 * a Content-Length that is not a number) without decoding it, for every router of gateway-owned
 * endpoints. Not vertx-web's BodyHandler: that hands form bodies to Netty's decoder, which throws
 * on a malformed escape such as {@code %zz} (and refuses GET with a form Content-Type); read the
 * body with {@link #of}, {@link #form} or {@link #json}, all lenient.
 */
public final class RawBody implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(RawBody.class);
  private static final String KEY = "portcullis.body";
  private static final byte[] EMPTY = new byte[0];
  private final long limit;

  private RawBody(long limit) {
    this.limit = limit;
  }

  /** A handler buffering at most {@code limit} bytes. */
  public static RawBody limit(long limit) {
    return new RawBody(limit);
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    HttpMethod m = req.method();
    if (m == HttpMethod.GET || m == HttpMethod.HEAD || m == HttpMethod.OPTIONS || req.isEnded()) {
      ctx.next();
      return;
    }
    String length = req.getHeader("Content-Length");
    if (length != null) {
      long n;
      try {
        n = Long.parseLong(length.trim());
      } catch (NumberFormatException e) {
        n = -1;
      }
      if (n < 0) {
        ctx.fail(400);
        return;
      }
      if (n > limit) {
        ctx.fail(413);
        return;
      }
    }
    if ("100-continue".equalsIgnoreCase(req.getHeader("Expect")) && req.version() != io.vertx.core.http.HttpVersion.HTTP_1_0) {
      req.response().writeContinue();
    }
    Buffer body = Buffer.buffer();
    boolean[] over = {false};
    req.handler(chunk -> {
      if (over[0]) {
        return;
      }
      if (body.length() + chunk.length() > limit) {
        over[0] = true;
        ctx.fail(413);
        return;
      }
      body.appendBuffer(chunk);
    });
    req.endHandler(v -> {
      if (!over[0]) {
        ctx.put(KEY, body.getBytes());
        ctx.next();
      }
    });
    req.exceptionHandler(e -> LOG.debug("{}: connection failed while reading the body: {}", req.path(), e.toString()));
    req.resume();
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
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.trim().toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
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
