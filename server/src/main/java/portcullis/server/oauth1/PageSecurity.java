package portcullis.server.oauth1;

import portcullis.server.http.RawBody;

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
 * Browser-side protections of the pages, checkable by every node of a cluster: a random CSRF
 * cookie whose HMAC, bound to what the form acts on, goes in a hidden field (double submit,
 * stateless); and short login sessions in a signed cookie (HttpOnly, SameSite=Lax): a random id,
 * the account, a keyed fingerprint of its password hash at sign-in, when it signed in and when it
 * was last seen, under an HMAC. Both keys derive from the master key every node shares (as
 * Digest's nonce key does), so a page served by one node and a form posted to another agree.
 * A session lasts {@link #IDLE} idle (the cookie is re-signed on use) and {@link #LIFETIME} in all;
 * it is refused once the password changed, and once signed out (the ended session's id is kept
 * in the store until its lifetime is over, so every node refuses it). Cookies are scoped to the
 * pages' paths only, so they never travel with proxied API calls; {@code Secure} when clients
 * reach us over https.
 */
public final class PageSecurity {
  static final String CSRF_COOKIE = "portcullis_csrf";
  static final String SESSION_COOKIE = "portcullis_session";
  static final Duration IDLE = Duration.ofMinutes(30);
  static final Duration LIFETIME = Duration.ofHours(8);
  /** A session cookie is re-signed with a new last-seen time when the old one is at least this old. */
  private static final Duration REFRESH = Duration.ofMinutes(1);
  private static final String REFRESHED = "portcullis.session.refreshed";

  /**
   * A signed-in browser: its key (SHA-256 of the session id), the account, its password
   * fingerprint at sign-in, when it signed in and when it was last seen.
   */
  public record Session(String key, String accountId, String fingerprint, Instant createdAt, Instant lastSeen, String id) {}

  private final byte[] csrfKey;
  private final byte[] sessionKey;
  private final InstantSource clock;
  private final OAuth1Policy policy;
  private final List<String> paths;
  private final OAuth1Store store;

  /**
   * @param masterKey the deployment's master key (every node's is the same)
   * @param store where ended (signed-out) sessions are kept
   * @param paths the page paths the cookies are scoped to (a path already covered by another is dropped)
   * @param policy decides whether a request came over https (for the {@code Secure} flag)
   */
  PageSecurity(String masterKey, OAuth1Store store, InstantSource clock, OAuth1Policy policy, List<String> paths) {
    byte[] master = masterKey.getBytes(StandardCharsets.UTF_8);
    this.csrfKey = Crypto.hmacSha256(master, "portcullis/oauth1-pages/csrf/v1".getBytes(StandardCharsets.UTF_8));
    this.sessionKey = Crypto.hmacSha256(master, "portcullis/oauth1-pages/session/v1".getBytes(StandardCharsets.UTF_8));
    this.store = store;
    this.clock = clock;
    this.policy = policy;
    this.paths = cookiePaths(paths);
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
    boolean secure = ctx.request().isSSL() || "https".equals(policy.scheme(RawBody.view(ctx)));
    for (String p : paths) {
      Cookie c = Cookie.cookie(name, value).setPath(p).setHttpOnly(true).setSecure(secure).setSameSite(CookieSameSite.LAX);
      ctx.response().addCookie(clear ? c.setMaxAge(0) : c);
    }
  }

  /** The CSRF form value for {@code purpose}, setting the CSRF cookie when the browser has none. */
  public String csrf(RoutingContext ctx, String purpose) {
    Cookie c = ctx.request().getCookie(CSRF_COOKIE);
    String seed = c == null ? null : c.getValue();
    if (seed == null || seed.length() != 32) {
      seed = Crypto.randomBase62(32);
      setCookie(ctx, CSRF_COOKIE, seed, false);
    }
    return mac(seed, purpose);
  }

  /** Whether the form's CSRF value matches the cookie for {@code purpose}. */
  public boolean csrfValid(RoutingContext ctx, String purpose, String given) {
    Cookie c = ctx.request().getCookie(CSRF_COOKIE);
    return c != null && given != null && Crypto.constantTimeEquals(mac(c.getValue(), purpose), given);
  }

  private String mac(String seed, String purpose) {
    return Crypto.hex(Crypto.hmacSha256(csrfKey, (seed + "|" + purpose).getBytes(StandardCharsets.UTF_8)));
  }

  /** A fingerprint of a stored password hash (never the hash itself), keyed: only the nodes can make one. */
  String fingerprint(String passwordHash) {
    return Crypto.hex(Crypto.hmacSha256(sessionKey, ("fingerprint|" + passwordHash).getBytes(StandardCharsets.UTF_8)))
        .substring(0, 32);
  }

  /** The cookie value: {@code id.account.created.lastSeen.fingerprint.mac} (account base64url, times in ms). */
  private String cookieValue(Session s) {
    String body = s.id() + "." + B64.encodeToString(s.accountId().getBytes(StandardCharsets.UTF_8)) + "."
        + s.createdAt().toEpochMilli() + "." + s.lastSeen().toEpochMilli() + "." + s.fingerprint();
    return body + "." + sessionMac(body);
  }

  private String sessionMac(String body) {
    return Crypto.hex(Crypto.hmacSha256(sessionKey, ("session|" + body).getBytes(StandardCharsets.UTF_8)));
  }

  private static final java.util.Base64.Encoder B64 = java.util.Base64.getUrlEncoder().withoutPadding();

  /** The session a cookie value stands for when its MAC is right, else null. */
  private Session parse(String value) {
    if (value == null || value.isEmpty() || value.length() > 512) {
      return null;
    }
    int dot = value.lastIndexOf('.');
    if (dot < 0 || !Crypto.constantTimeEquals(sessionMac(value.substring(0, dot)), value.substring(dot + 1))) {
      return null;
    }
    String[] p = value.substring(0, dot).split("\\.", -1);
    if (p.length != 5) {
      return null;
    }
    try {
      String account = new String(java.util.Base64.getUrlDecoder().decode(p[1]), StandardCharsets.UTF_8);
      return new Session(Crypto.sha256Hex(p[0]), account, p[4], Instant.ofEpochMilli(Long.parseLong(p[2])),
          Instant.ofEpochMilli(Long.parseLong(p[3])), p[0]);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * The browser's session if it has one that is neither idle nor past its lifetime, else null; a
   * session last seen a while ago gets its cookie re-signed as seen now. Event-loop safe; the
   * caller must still check it with {@link #account} on the worker.
   */
  public Session session(RoutingContext ctx) {
    Cookie c = ctx.request().getCookie(SESSION_COOKIE);
    Session s = c == null ? null : parse(c.getValue());
    if (s == null) {
      return null;
    }
    Instant now = clock.instant();
    if (!now.isBefore(s.createdAt().plus(LIFETIME)) || !now.isBefore(s.lastSeen().plus(IDLE))) {
      return null;
    }
    if (!now.isBefore(s.lastSeen().plus(REFRESH)) && ctx.get(REFRESHED) == null) {
      ctx.put(REFRESHED, Boolean.TRUE);
      setCookie(ctx, SESSION_COOKIE, cookieValue(new Session(s.key(), s.accountId(), s.fingerprint(), s.createdAt(), now, s.id())),
          false);
    }
    return s;
  }

  /**
   * Blocking (directory and store look-ups): the session's account when it still exists, its
   * password is the one the session signed in with, and the session was not signed out; else empty.
   */
  public Optional<Account> account(Session s, Directory directory) {
    if (s == null) {
      return Optional.empty();
    }
    Optional<Account> a = directory.accountById(s.accountId());
    if (a.isEmpty() || !Crypto.constantTimeEquals(fingerprint(a.get().passwordHash()), s.fingerprint())
        || store.sessionEnded(s.key())) {
      return Optional.empty();
    }
    return a;
  }

  public void login(RoutingContext ctx, Account account) {
    Instant now = clock.instant();
    String id = Crypto.randomBase62(32);
    ctx.put(REFRESHED, Boolean.TRUE);
    setCookie(ctx, SESSION_COOKIE, cookieValue(new Session(Crypto.sha256Hex(id), account.id(), fingerprint(account.passwordHash()),
        now, now, id)), false);
  }

  /** Clears the session cookie (the session is no good any more: its account is gone or its password changed). */
  public void logout(RoutingContext ctx) {
    ctx.put(REFRESHED, Boolean.TRUE);
    setCookie(ctx, SESSION_COOKIE, "", true);
  }

  /**
   * Signs the browser out everywhere: records the session as ended in the store (blocking, so on
   * the worker; every node refuses it from then on) and clears the cookie.
   */
  public io.vertx.core.Future<Void> end(RoutingContext ctx, Session s, io.vertx.core.WorkerExecutor worker) {
    logout(ctx);
    if (s == null) {
      return io.vertx.core.Future.succeededFuture();
    }
    return worker.executeBlocking(() -> {
      store.endSession(s.key(), s.createdAt().plus(LIFETIME));
      return null;
    }, false);
  }
}
