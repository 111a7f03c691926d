package portcullis.server.oauth1;

import portcullis.server.http.RawBody;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import portcullis.core.RequestView;
import portcullis.core.internal.Form;

/** {@link RequestView} over a vertx-web request whose body a BodyHandler has buffered. */
final class RoutingView implements RequestView {
  private final RoutingContext ctx;
  private final byte[] body;

  RoutingView(RoutingContext ctx) {
    this.ctx = ctx;
    this.body = RawBody.of(ctx);
  }

  @Override
  public String method() {
    return ctx.request().method().name();
  }

  @Override
  public String path() {
    return ctx.request().path();
  }

  @Override
  public String rawQuery() {
    String q = ctx.request().query();
    return q == null ? "" : q;
  }

  @Override
  public String header(String name) {
    String v = ctx.request().headers().get(name);
    if (v == null && name.equalsIgnoreCase("Host") && ctx.request().authority() != null) {
      return ctx.request().authority().toString(); // Vert.x 5 keeps Host in authority() only
    }
    return v;
  }

  @Override
  public List<String> headers(String name) {
    return ctx.request().headers().getAll(name);
  }

  @Override
  public String queryParam(String name) {
    return Form.first(rawQuery(), name);
  }

  @Override
  public byte[] body() {
    return body;
  }
}
