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

  /**
   * Whether the password matches the PHC hash. A stored hash that is not a valid Argon2 PHC string
   * is the store's fault, not the caller's: {@link portcullis.core.CheckFailedException} (a 503).
   */
  public static boolean verify(String password, String phcHash) {
    Argon2Function f;
    try {
      f = Argon2Function.getInstanceFromHash(phcHash);
    } catch (RuntimeException e) {
      throw new portcullis.core.CheckFailedException("a stored password hash is not a valid Argon2 PHC string", e);
    }
    try {
      return Password.check(password, phcHash).with(f);
    } catch (RuntimeException e) {
      throw new portcullis.core.CheckFailedException("Argon2 verification failed: " + e.getClass().getSimpleName(), e);
    }
  }
}
