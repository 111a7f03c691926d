package portcullis.server.oauth1;

import io.vertx.ext.web.RoutingContext;

/** The pages' HTML: escaping, and the developer portal's frame (small, readable on a phone, no JavaScript, strict headers). */
final class Html {
  private Html() {}

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** The routing-context key of the deployment's realm, put there by the module's routes (shown in the header). */
  static final String REALM = "portcullis.realm";

  /** The page in the developer portal's frame and look (its stylesheet, its header), with the pages' strict headers. */
  static void send(RoutingContext ctx, int status, String title, String body) {
    String realm = ctx.get(REALM);
    portcullis.server.portal.Portal.legacyPage(ctx, status, realm == null ? "Portcullis" : realm, title, body);
  }

  static void message(RoutingContext ctx, int status, String title, String text) {
    send(ctx, status, title, "<h1>" + esc(title) + "</h1><p>" + esc(text) + "</p>");
  }

  static void redirect(RoutingContext ctx, String location) {
    ctx.response().setStatusCode(303).putHeader("Location", location).putHeader("Cache-Control", "no-store")
        .putHeader("Referrer-Policy", "no-referrer").end();
  }
}
