package portcullis.server.oauth1;

import io.vertx.ext.web.RoutingContext;

/** The pages' shared frame: small, readable on a phone, no JavaScript, strict headers. */
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

  static final String STYLE = "body{font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;"
      + "background:#f4f5f7;color:#1d1f23}main{max-width:30rem;margin:0 auto;padding:1.25rem}"
      + ".card{background:#fff;border-radius:12px;padding:1.25rem;box-shadow:0 1px 3px rgba(0,0,0,.12)}"
      + "h1{font-size:1.35rem;margin:.2rem 0 1rem}label{display:block;margin:.8rem 0 .25rem;font-weight:600}"
      + "input[type=email],input[type=password]{width:100%;box-sizing:border-box;padding:.7rem;font-size:1rem;"
      + "border:1px solid #9aa0a6;border-radius:8px}.buttons{display:flex;gap:.75rem;margin-top:1.25rem;flex-wrap:wrap}"
      + "button{flex:1;min-width:8rem;padding:.8rem 1rem;font-size:1rem;border-radius:8px;border:1px solid #1a56db;cursor:pointer}"
      + ".approve{background:#1a56db;color:#fff}.deny,.secondary{background:#fff;color:#1a56db}"
      + ".error{background:#fde8e8;color:#9b1c1c;padding:.75rem;border-radius:8px}.note{color:#555;font-size:.9rem}"
      + "ul.scopes li{margin:.2rem 0}code.verifier{display:block;font-size:1.4rem;letter-spacing:.05em;padding:.75rem;"
      + "background:#eef2ff;border-radius:8px;text-align:center;word-break:break-all}"
      + ".app{border-top:1px solid #e5e7eb;padding:.75rem 0}.app form{margin-top:.5rem}";

  static void send(RoutingContext ctx, int status, String title, String body) {
    String page = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + esc(title) + "</title>"
        + "<style>" + STYLE + "</style></head><body><main><div class=\"card\">" + body + "</div></main></body></html>";
    ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Cache-Control", "no-store").putHeader("X-Frame-Options", "DENY")
        .putHeader("X-Content-Type-Options", "nosniff").putHeader("Referrer-Policy", "no-referrer")
        .putHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'")
        .end(page);
  }

  static void message(RoutingContext ctx, int status, String title, String text) {
    send(ctx, status, title, "<h1>" + esc(title) + "</h1><p>" + esc(text) + "</p>");
  }

  static void redirect(RoutingContext ctx, String location) {
    ctx.response().setStatusCode(303).putHeader("Location", location).putHeader("Cache-Control", "no-store")
        .putHeader("Referrer-Policy", "no-referrer").end();
  }
}
