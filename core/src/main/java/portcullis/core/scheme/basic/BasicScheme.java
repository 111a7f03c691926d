package portcullis.core.scheme.basic;

import java.util.List;
import java.util.Optional;
import portcullis.core.Directory;
import portcullis.core.Outcome;
import portcullis.core.RequestView;
import portcullis.core.Result;
import portcullis.core.RoutePolicy;
import portcullis.core.Scheme;
import portcullis.core.dialect.Seed000Dialect;
import portcullis.core.scheme.AccountChecks;
import portcullis.core.store.Account;
import portcullis.core.store.Client;

/**
 * HTTP Basic with the client key (seeds 000/001/002). Order of checks: header shape → client key
 * present and known → password → account status → key ownership and public flag.
 */
public final class BasicScheme implements Scheme {
  public static final String ID = "basic";
  private static final Seed000Dialect D = Seed000Dialect.INSTANCE;

  /** Basic needs no options: its realm and client-key rule are the route's. */
  public BasicScheme() {}

  @Override
  public boolean readsClientKey() {
    return true;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public boolean recognizes(RequestView request) {
    return BasicParser.isBasic(request.header("Authorization"));
  }

  @Override
  public Outcome authenticate(RequestView request, RoutePolicy route, Directory directory) {
    Result<BasicCredentials> parsed = parsed(request);
    if (parsed instanceof Result.Rejected<BasicCredentials> r) {
      return Outcome.reject(r.failure());
    }
    if (!request.confidential()) {
      return Outcome.reject(D.plaintext("Basic credentials (a password)"));
    }
    BasicCredentials creds = parsed.value();
    Result<Optional<Client>> key = AccountChecks.preCheckClient(AccountChecks.clientKey(request), route, directory);
    if (key instanceof Result.Rejected<?> r) {
      return Outcome.reject(r.failure());
    }
    Optional<Account> found = creds.userId().isEmpty() ? Optional.empty() : directory.accountByEmail(creds.userId());
    if (found.isEmpty()) {
      directory.passwordMatches(null, creds.password()); // same cost as a wrong password
      return Outcome.reject(D.badCredentials("", "basic: unknown user").wrongSecret(portcullis.core.Subject.user(creds.userId()))
          .because(portcullis.core.Reason.UNKNOWN_KEY));
    }
    Account account = found.get();
    if (!directory.passwordMatches(account, creds.password())) {
      return Outcome.reject(D.badCredentials("", "basic: wrong password for account " + account.id())
          .wrongSecret(portcullis.core.Subject.account(account.id())));
    }
    return AccountChecks.afterCredentials(account, key.value().orElse(null), "Basic", ID).outcome(Outcome::ok);
  }

  /** The request's Basic credentials, parsed once per request (the throttle asks first, then {@link #authenticate}). */
  private static Result<BasicCredentials> parsed(RequestView request) {
    return request.memo(PARSED, () -> BasicParser.parse(request.header("Authorization")));
  }

  private static final Object PARSED = new Object();

  @Override
  public String claimedSubject(RequestView request, Directory directory) {
    Result<BasicCredentials> parsed = parsed(request);
    return parsed.isOk() ? Scheme.subjectOfUser(parsed.value().userId(), directory) : null;
  }

  @Override
  public List<String> challenges(RoutePolicy route) {
    return List.of("Basic realm=\"" + route.realm() + "\", charset=\"UTF-8\"");
  }

  /** Last: every client knows Basic, and wget 1.21 aborts when the last challenge is a scheme it does not. */
  @Override
  public ChallengePlace challengePlace() {
    return ChallengePlace.LAST;
  }
}
