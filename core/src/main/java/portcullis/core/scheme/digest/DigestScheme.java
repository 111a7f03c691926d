package portcullis.core.scheme.digest;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import portcullis.core.Directory;
import portcullis.core.Outcome;
import portcullis.core.RequestView;
import portcullis.core.Result;
import portcullis.core.RoutePolicy;
import portcullis.core.Scheme;
import portcullis.core.dialect.Seed000Dialect;
import portcullis.core.replay.Claim;
import portcullis.core.replay.ReplayWindow;
import portcullis.core.scheme.AccountChecks;
import portcullis.core.store.Account;
import portcullis.core.store.Client;

/**
 * HTTP Digest (RFC 7616, qop=auth) with the client key (seed 000). Order of checks: header shape →
 * algorithm, qop, realm, uri, opaque, nonce signature → client key present and known → account →
 * stored HA1 → response → nonce freshness ({@code stale=true}) → nonce count (recorded only now,
 * after every lookup) → account status → key ownership and public flag.
 */
public final class DigestScheme implements Scheme {
  public static final String ID = "digest";
  private static final Seed000Dialect D = Seed000Dialect.INSTANCE;
  static final String UNKNOWN_PREFIX = "unknown-";
  /** What the response is computed from when no HA1 is usable (per base algorithm). */
  private static final Map<DigestAlgorithm, String> DUMMY_HA1 = dummyHa1s();

  private final DigestOptions options;
  private final DigestSecrets secrets;
  private final DigestNonces nonces;
  private final InstantSource clock;
  private final String offered;

  /**
   * @param nonceKey the server key nonces are signed with (every node of a cluster must share it)
   * @param clock the time nonces are issued and checked with
   */
  public DigestScheme(DigestOptions options, DigestSecrets secrets, byte[] nonceKey, InstantSource clock) {
    this.options = options;
    this.secrets = secrets;
    this.nonces = new DigestNonces(nonceKey, clock, options.nonceTtl());
    this.clock = clock;
    this.offered = options.algorithms().stream().map(DigestAlgorithm::wire).collect(Collectors.joining(", "));
  }

  @Override
  public boolean readsClientKey() {
    return true;
  }

  @Override
  public String id() {
    return ID;
  }

  public DigestOptions options() {
    return options;
  }

  @Override
  public boolean recognizes(RequestView request) {
    return DigestParser.isDigest(request.header("Authorization"));
  }

  @Override
  public Outcome authenticate(RequestView request, RoutePolicy route, Directory directory) {
    Result<DigestCredentials> parsed = parsed(request);
    if (parsed instanceof Result.Rejected<DigestCredentials> r) {
      return Outcome.reject(r.failure());
    }
    if (!request.confidential()) {
      // the response is a hash of the password: over a network in clear it can be guessed offline
      return Outcome.reject(portcullis.core.dialect.Seed000Dialect.INSTANCE.plaintext("A Digest response (a hash of the password)"));
    }
    DigestCredentials c = parsed.value();
    DigestAlgorithm alg = c.algorithm() == null ? DigestAlgorithm.MD5 : DigestAlgorithm.byWire(c.algorithm());
    if (alg == null || !options.algorithms().contains(alg)) {
      return bad("The algorithm " + (c.algorithm() == null ? "MD5 (the default)" : c.algorithm())
          + " is not offered here; answer one of the challenges (" + offered + ").", "unsupported algorithm");
    }
    if (c.qop() == null || !c.qop().equalsIgnoreCase("auth")) {
      return malformed(c.qop() == null ? "qop=auth is required (RFC 7616); answer the challenge with qop=auth."
          : "Only qop=auth is supported.");
    }
    long nc = Long.parseLong(c.nc(), 16);
    if (nc == 0) {
      return malformed("nc counts the requests made with a nonce and starts at 00000001.");
    }
    if (!c.realm().equals(route.realm())) {
      return bad("The realm must be \"" + route.realm() + "\" as in the challenge.", "wrong realm");
    }
    if (!uriMatches(c.uri(), request)) {
      return malformed("The uri parameter must be the request target, path and query exactly as sent (" + request.target() + ").");
    }
    if (c.opaque() != null && !c.opaque().equals(nonces.opaque(route.realm()))) {
      return bad("The opaque value must be returned unchanged from the challenge.", "wrong opaque");
    }
    DigestNonces.State nonceState = nonces.check(c.nonce());
    if (nonceState == DigestNonces.State.INVALID) {
      return bad("The nonce was not issued by this server; answer a fresh challenge.", "invalid nonce");
    }
    Result<Optional<Client>> client = AccountChecks.preCheckClient(AccountChecks.clientKey(request), route, directory);
    if (client instanceof Result.Rejected<?> r) {
      return Outcome.reject(r.failure());
    }
    Account account = account(c, alg, directory).orElse(null);
    // An unknown user costs what a known one costs: the same HA1 lookup (missing under a per-name id,
    // cached like any other) and the same response computation, so timing does not reveal accounts.
    Optional<StoredHa1> ha1 = secrets.ha1(account != null ? account.id() : unknownId(c.username()), alg.base(), directory);
    boolean usable = account != null && ha1.isPresent() && ha1.get().currentFor(account, route.realm());
    String expected = alg.response(usable ? ha1.get().ha1() : DUMMY_HA1.get(alg.base()), c.nonce(), c.nc(), c.cnonce(), c.qop(),
        request.method(), c.uri());
    boolean match = portcullis.core.crypto.Crypto.constantTimeEquals(expected, c.response().toLowerCase(Locale.ROOT));
    if (!usable || !match) {
      String subject = account == null ? portcullis.core.Subject.user(c.username()) : portcullis.core.Subject.account(account.id());
      return Outcome.reject(D.badCredentials("", "digest: " + (account == null ? "unknown user"
          : !usable ? "no current " + alg.base() + " HA1 for account " + account.id() : "wrong response for account " + account.id()))
          .wrongSecret(subject).because(account == null ? portcullis.core.Reason.UNKNOWN_KEY : portcullis.core.Reason.BAD_SECRET));
    }
    if (nonceState == DigestNonces.State.STALE) {
      return Outcome.reject(D.badCredentials("The nonce has expired; answer the new challenge.",
          "stale nonce for account " + account.id()).withHeaders(challengesOf(route, true)).because(portcullis.core.Reason.EXPIRED));
    }
    // the count lives as long as the nonce itself can be accepted as fresh
    Duration countTtl = ReplayWindow.ttl(java.time.Instant.ofEpochSecond(DigestNonces.issuedSeconds(c.nonce())),
        options.nonceTtl(), clock.instant());
    Account owner = account;
    Claim count = Claim.increase("digest:" + account.id() + ":" + c.nonce(), nc, countTtl, () -> D.badCredentials(
        "This nonce count was used already: send a higher nc with this nonce, or answer a fresh challenge.",
        "digest: replayed nc " + c.nc() + " for account " + owner.id()));
    return AccountChecks.afterCredentials(account, client.value().orElse(null), "Digest", ID)
        .outcome(identity -> Outcome.ok(identity).claiming(count));
  }

  /**
   * Whether {@code uri} names the request target (RFC 7616 section 3.4.6). An empty query may be
   * spelled with or without its '?' ({@code /a?} and {@code /a} are the same target; the HTTP layer
   * does not tell them apart, and java.net.http drops the '?' on HTTP/1.1 but keeps it on HTTP/2).
   */
  static boolean uriMatches(String uri, RequestView request) {
    String target = request.target();
    return uri.equals(target) || request.rawQuery().isEmpty() && uri.length() == target.length() + 1
        && uri.endsWith("?") && uri.startsWith(target);
  }

  /**
   * The id the HA1 lookup uses for a user name no account has: stable per name (so it is cached like
   * a real account's) and never a real account id (those are UUIDs).
   */
  static String unknownId(String username) {
    return UNKNOWN_PREFIX + portcullis.core.crypto.Crypto.sha256Hex(username.toLowerCase(Locale.ROOT)).substring(0, 40);
  }

  private Optional<Account> account(DigestCredentials c, DigestAlgorithm alg, Directory directory) {
    String user = c.username();
    if (user.isEmpty() || user.length() > 254) {
      return Optional.empty();
    }
    if (!c.userhash()) {
      return directory.accountByEmail(user);
    }
    Optional<String> id = secrets.accountIdByUserhash(alg.base(), user.toLowerCase(Locale.ROOT), directory);
    return id.isEmpty() ? Optional.empty() : directory.accountById(id.get());
  }

  private static Map<DigestAlgorithm, String> dummyHa1s() {
    Map<DigestAlgorithm, String> m = new java.util.EnumMap<>(DigestAlgorithm.class);
    for (DigestAlgorithm a : DigestAlgorithm.values()) {
      m.put(a, a.base().hex("portcullis:digest:no-such-user:" + a.base().wire()));
    }
    return m;
  }

  private static Outcome malformed(String detail) {
    return Outcome.reject(D.malformed(detail, "digest: " + detail));
  }

  private static Outcome bad(String detail, String log) {
    return Outcome.reject(D.badCredentials(detail, "digest: " + log));
  }

  /** The user name's subject (a userhash would need the store: null). */
  /** The request's Digest credentials, parsed once per request (the throttle asks first, then {@link #authenticate}). */
  private static Result<DigestCredentials> parsed(RequestView request) {
    return request.memo(PARSED, () -> DigestParser.parse(request.header("Authorization")));
  }

  private static final Object PARSED = new Object();

  @Override
  public String claimedSubject(RequestView request, Directory directory) {
    Result<DigestCredentials> parsed = parsed(request);
    return parsed.isOk() && !parsed.value().userhash() ? Scheme.subjectOfUser(parsed.value().username(), directory) : null;
  }

  @Override
  public List<String> challenges(RoutePolicy route) {
    return challenges(route, false);
  }

  /** First: python-requests/httpie and digest-fetch answer the challenge only when it opens the header. */
  @Override
  public ChallengePlace challengePlace() {
    return ChallengePlace.FIRST;
  }

  private List<String> challenges(RoutePolicy route, boolean stale) {
    String nonce = nonces.issue();
    String opaque = nonces.opaque(route.realm());
    List<String> out = new ArrayList<>(options.algorithms().size());
    for (DigestAlgorithm a : options.algorithms()) {
      StringBuilder b = new StringBuilder(200).append("Digest realm=\"").append(route.realm())
          .append("\", qop=\"auth\", algorithm=").append(a.wire()).append(", nonce=\"").append(nonce)
          .append("\", opaque=\"").append(opaque).append("\", charset=UTF-8");
      if (options.userhash()) {
        b.append(", userhash=true");
      }
      if (stale) {
        b.append(", stale=true");
      }
      out.add(b.toString());
    }
    return out;
  }

  /** Every challenge of the route, this scheme's marked stale. */
  private List<Map.Entry<String, String>> challengesOf(RoutePolicy route, boolean stale) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    for (Scheme s : route.challengeOrder()) {
      for (String ch : s == this ? challenges(route, stale) : s.challenges(route)) {
        out.add(Map.entry("WWW-Authenticate", ch));
      }
    }
    return out;
  }
}
