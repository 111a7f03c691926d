package portcullis.core.scheme.digest;

import java.util.Objects;
import portcullis.core.crypto.Crypto;
import portcullis.core.store.Account;

/**
 * One account's HA1 for one base algorithm, as the Digest store keeps it (sealed at rest).
 *
 * @param accountId the account
 * @param algorithm a base algorithm (never {@code -sess})
 * @param realm the realm the HA1 was computed in; a different realm makes it useless
 * @param userhash H(email ":" realm), to find the account when a client hashes its user name
 * @param ha1 H(email ":" realm ":" password), lowercase hex
 * @param passwordRef {@link #passwordRef(String)} of the password hash current when written: the HA1
 *     is only honoured while the account's password hash is unchanged
 */
public record StoredHa1(String accountId, DigestAlgorithm algorithm, String realm, String userhash, String ha1, String passwordRef) {
  public StoredHa1 {
    Objects.requireNonNull(accountId, "accountId == null");
    Objects.requireNonNull(algorithm, "algorithm == null");
    Objects.requireNonNull(realm, "realm == null");
    Objects.requireNonNull(userhash, "userhash == null");
    Objects.requireNonNull(ha1, "ha1 == null");
    Objects.requireNonNull(passwordRef, "passwordRef == null");
    if (algorithm.session()) {
      throw new IllegalArgumentException("store the base algorithm, not " + algorithm);
    }
  }

  /** Computes the values for an account whose password was just set. */
  public static StoredHa1 compute(Account account, String password, String realm, DigestAlgorithm algorithm) {
    DigestAlgorithm base = algorithm.base();
    return new StoredHa1(account.id(), base, realm, base.userhash(account.email(), realm),
        base.ha1(account.email(), realm, password), passwordRef(account.passwordHash()));
  }

  /** A short fingerprint of a password hash (SHA-256 hex): ties an HA1 to one password. */
  public static String passwordRef(String passwordHash) {
    return Crypto.sha256Hex(passwordHash);
  }

  /** Whether this HA1 may be used for the account as it is now, in the given realm. */
  public boolean currentFor(Account account, String currentRealm) {
    return account.id().equals(accountId) && realm.equals(currentRealm)
        && Crypto.constantTimeEquals(passwordRef, passwordRef(account.passwordHash()));
  }

  @Override
  public String toString() {
    return "StoredHa1[account=" + accountId + ", algorithm=" + algorithm + ", realm=" + realm + "]";
  }
}
