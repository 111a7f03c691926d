package portcullis.core.crypto;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/**
 * Argon2id password hashing (RFC 9106; OWASP parameters: 19 MiB, 2 passes, 1 lane), stored as PHC
 * strings so parameters can change without a migration. Thread-safe.
 */
public final class Passwords {
  public static final int MEMORY_KIB = 19 * 1024;
  public static final int ITERATIONS = 2;
  public static final int PARALLELISM = 1;
  public static final int HASH_LENGTH = 32;
  /** Minimum password length accepted when a password is set. */
  public static final int MIN_LENGTH = 8;

  private static final Argon2Function ARGON2ID =
      Argon2Function.getInstance(MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_LENGTH, Argon2.ID, 19);

  private Passwords() {}

  /** Hashes a password with a fresh 16-byte salt. Takes tens of milliseconds by design. */
  public static String hash(String password) {
    return Password.hash(password).addRandomSalt(16).with(ARGON2ID).getResult();
  }

  /** Whether the password matches the PHC hash; false (never an exception) for a malformed hash. */
  public static boolean verify(String password, String phcHash) {
    try {
      Argon2Function f = Argon2Function.getInstanceFromHash(phcHash);
      return Password.check(password, phcHash).with(f);
    } catch (RuntimeException e) {
      return false;
    }
  }
}
