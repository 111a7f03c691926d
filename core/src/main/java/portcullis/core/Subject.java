package portcullis.core;

import java.util.List;
import java.util.Locale;

/**
 * Who a secret was tried against, as the failed-credential throttle counts it: an account (its id),
 * a user name that names no account (counted exactly like a known one, so an unknown name gets the
 * same answer), or a client (its key). One short string, e.g. {@code a:60dc4d95-...}.
 */
public final class Subject {
  private Subject() {}

  public static String account(String accountId) {
    return "a:" + accountId;
  }

  /** A user name (email) that matched no account: case-folded as e-mail look-ups are. */
  public static String user(String name) {
    return "u:" + name.toLowerCase(Locale.ROOT);
  }

  public static String client(String clientKey) {
    return "c:" + clientKey;
  }

  /** The subjects an authenticated identity answers for: its account and, when it has one, its client. */
  public static List<String> of(Identity identity) {
    return identity.clientKey() == null ? List.of(account(identity.accountId()))
        : List.of(account(identity.accountId()), client(identity.clientKey()));
  }

  /** Readable form for the operator: {@code account 60dc...}, {@code user bob@example.com}, {@code client KEY}. */
  public static String describe(String subject) {
    if (subject.length() < 2 || subject.charAt(1) != ':') {
      return subject;
    }
    String rest = subject.substring(2);
    return switch (subject.charAt(0)) {
      case 'a' -> "account " + rest;
      case 'u' -> "user " + rest;
      case 'c' -> "client " + rest;
      default -> subject;
    };
  }
}
