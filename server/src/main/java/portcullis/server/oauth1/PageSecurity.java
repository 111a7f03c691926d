package portcullis.server.oauth1;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import portcullis.core.crypto.Crypto;

/**
 * Browser-side protections of the pages: a random CSRF cookie whose HMAC, bound to what the form
 * acts on, goes in a hidden field (double submit, stateless); and short login sessions (random id
 * in an HttpOnly, SameSite=Lax cookie, kept in memory under its hash, 30 minutes idle).
 */
final class PageSecurity {
  static final String CSRF_COOKIE = "portcullis_csrf";
  static final String SESSION_COOKIE = "portcullis_session";
  private final byte[] key = Crypto.randomBytes(32);
  private final Cache<String, String> sessions =
      Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(30)).maximumSize(100_000).build();
  private final boolean secure;

  PageSecurity(boolean secure) {
    this.secure = secure;
  }

  private Cookie cookie(String name, String value) {
    return Cookie.cookie(name, value).setPath("/").setHttpOnly(true).setSecure(secure).setSameSite(CookieSameSite.LAX);
  }

  /** The CSRF form value for {@code purpose}, setting the CSRF cookie when the browser has none. */
  String csrf(RoutingContext ctx, String purpose) {
    Cookie c = ctx.request().getCookie(CSRF_COOKIE);
    String seed = c == null ? null : c.getValue();
    if (seed == null || seed.length() != 32) {
      seed = Crypto.randomBase62(32);
      ctx.response().addCookie(cookie(CSRF_COOKIE, seed));
    }
    return mac(seed, purpose);
  }

  /** Whether the form's CSRF value matches the cookie for {@code purpose}. */
  boolean csrfValid(RoutingContext ctx, String purpose, String given) {
    Cookie c = ctx.request().getCookie(CSRF_COOKIE);
    return c != null && given != null && Crypto.constantTimeEquals(mac(c.getValue(), purpose), given);
  }

  private String mac(String seed, String purpose) {
    return Crypto.hex(Crypto.hmacSha256(key, (seed + "|" + purpose).getBytes(StandardCharsets.UTF_8)));
  }

  /** The account id of the browser's session, or null. */
  String session(RoutingContext ctx) {
    Cookie c = ctx.request().getCookie(SESSION_COOKIE);
    return c == null ? null : sessions.getIfPresent(Crypto.sha256Hex(c.getValue()));
  }

  void login(RoutingContext ctx, String accountId) {
    String id = Crypto.randomBase62(32);
    sessions.put(Crypto.sha256Hex(id), accountId);
    ctx.response().addCookie(cookie(SESSION_COOKIE, id));
  }

  void logout(RoutingContext ctx) {
    Cookie c = ctx.request().getCookie(SESSION_COOKIE);
    if (c != null) {
      sessions.invalidate(Crypto.sha256Hex(c.getValue()));
    }
    ctx.response().addCookie(cookie(SESSION_COOKIE, "").setMaxAge(0));
  }
}
