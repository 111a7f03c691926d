package portcullis.server.oauth1;

import portcullis.server.http.RawBody;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import portcullis.core.Directory;
import portcullis.core.crypto.Crypto;
import portcullis.core.scheme.oauth1.OAuth1Policy;
import portcullis.core.store.Account;

/**
 * Browser-side protections of the pages: a random CSRF cookie whose HMAC, bound to what the form
 * acts on, goes in a hidden field (double submit, stateless); and short login sessions (random id
 * in an HttpOnly, SameSite=Lax cookie, kept in memory under its hash, {@link #IDLE} idle and at most
 * {@link #LIFETIME} in all). A session is bound to a fingerprint of the account's password hash at
 * sign-in and refused once the password changed. Cookies are scoped to the pages' paths only, so
 * they never travel with proxied API calls; {@code Secure} when clients reach us over https.
 */
final class PageSecurity {
  static final String CSRF_COOKIE = "portcullis_csrf";
  static final String SESSION_COOKIE = "portcullis_session";
  static final Duration IDLE = Duration.ofMinutes(30);
  static final Duration LIFETIME = Duration.ofHours(8);

  /** A signed-in browser: the account, its password fingerprint at sign-in, and when it signed in. */
  record Session(String key, String accountId, String fingerprint, Instant createdAt) {}

  private final byte[] key = Crypto.randomBytes(32);
  private final Cache<String, Session> sessions;
  private final InstantSource clock;
  private final OAuth1Policy policy;
  private final List<String> paths;

  /**
   * @param paths the page paths the cookies are scoped to (a path already covered by another is dropped)
   * @param policy decides whether a request came over https (for the {@code Secure} flag)
   */
  PageSecurity(InstantSource clock, OAuth1Policy policy, List<String> paths) {
    this.clock = clock;
    this.policy = policy;
    this.paths = cookiePaths(paths);
    this.sessions = Caffeine.newBuilder().expireAfterAccess(IDLE).maximumSize(100_000)
        .ticker(() -> clock.millis() * 1_000_000L).build();
  }

  /** The paths without those another one already covers (RFC 6265 §5.1.4 path-match). */
  static List<String> cookiePaths(List<String> given) {
    List<String> out = new ArrayList<>();
    for (String p : given) {
      boolean covered = false;
      for (String q : given) {
        if (!q.equals(p) && (p.startsWith(q + "/") || q.equals("/"))) {
          covered = true;
        }
      }
      if (!covered && !out.contains(p)) {
        out.add(p);
      }
    }
    return List.copyOf(out);
  }

  List<String> paths() {
    return paths;
  }

  private void setCookie(RoutingContext ctx, String name, String value, boolean clear) {
    boolean secure = "https".equals(policy.scheme(RawBody.view(ctx)));
    for (String p : paths) {
      Cookie c = Cookie.cookie(name, value).setPath(p).setHttpOnly(true).setSecure(secure).setSameSite(CookieSameSite.LAX);
      ctx.response().addCookie(clear ? c.setMaxAge(0) : c);
    }
  }

  /** The CSRF form value for {@code purpose}, setting the CSRF cookie when the browser has none. */
  String csrf(RoutingContext ctx, String purpose) {
    Cookie c = ctx.request().getCookie(CSRF_COOKIE);
    String seed = c == null ? null : c.getValue();
    if (seed == null || seed.length() != 32) {
      seed = Crypto.randomBase62(32);
      setCookie(ctx, CSRF_COOKIE, seed, false);
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

  /** A fingerprint of a stored password hash (never the hash itself). */
  static String fingerprint(String passwordHash) {
    return Crypto.sha256Hex("portcullis-page-session|" + passwordHash);
  }

  /**
   * The browser's session if it has one that is neither idle nor past its lifetime, else null.
   * Event-loop safe; the caller must still check it with {@link #account} on the worker.
   */
  Session session(RoutingContext ctx) {
    Cookie c = ctx.request().getCookie(SESSION_COOKIE);
    if (c == null || c.getValue().isEmpty() || c.getValue().length() > 64) {
      return null;
    }
    String k = Crypto.sha256Hex(c.getValue());
    Session s = sessions.getIfPresent(k);
    if (s != null && !clock.instant().isBefore(s.createdAt().plus(LIFETIME))) {
      sessions.invalidate(k);
      return null;
    }
    return s;
  }

  /**
   * Blocking (directory lookup): the session's account when it still exists and its password is the
   * one the session signed in with; otherwise the session is dropped and the answer is empty.
   */
  Optional<Account> account(Session s, Directory directory) {
    if (s == null) {
      return Optional.empty();
    }
    Optional<Account> a = directory.accountById(s.accountId());
    if (a.isEmpty() || !Crypto.constantTimeEquals(fingerprint(a.get().passwordHash()), s.fingerprint())) {
      sessions.invalidate(s.key());
      return Optional.empty();
    }
    return a;
  }

  void login(RoutingContext ctx, Account account) {
    String id = Crypto.randomBase62(32);
    String k = Crypto.sha256Hex(id);
    sessions.put(k, new Session(k, account.id(), fingerprint(account.passwordHash()), clock.instant()));
    setCookie(ctx, SESSION_COOKIE, id, false);
  }

  void logout(RoutingContext ctx) {
    Cookie c = ctx.request().getCookie(SESSION_COOKIE);
    if (c != null) {
      sessions.invalidate(Crypto.sha256Hex(c.getValue()));
    }
    setCookie(ctx, SESSION_COOKIE, "", true);
  }
}
