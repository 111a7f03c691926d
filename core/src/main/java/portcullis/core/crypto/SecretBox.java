package portcullis.core.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets at rest (client secrets, Digest HA1 values) with AES-256-GCM under a key derived
 * from the deployment's master key. Output: {@code v1:} + base64(12-byte nonce + ciphertext + tag).
 * Thread-safe.
 */
public final class SecretBox {
  private static final String PREFIX = "v1:";
  private static final SecureRandom RANDOM = new SecureRandom();
  private final SecretKeySpec key;

  /**
   * @param masterKey the deployment's master key, any string of at least 16 characters (a
   *     base64 string of 32 random bytes is what {@code portcullis} generates)
   */
  public SecretBox(String masterKey) {
    if (masterKey == null || masterKey.length() < 16) {
      throw new IllegalArgumentException("master key must be at least 16 characters");
    }
    this.key = new SecretKeySpec(deriveKey(masterKey), "AES");
  }

  private static byte[] deriveKey(String masterKey) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update("portcullis/secret-box/v1\0".getBytes(StandardCharsets.UTF_8));
      return sha.digest(masterKey.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public String seal(String plaintext) {
    try {
      byte[] nonce = new byte[12];
      RANDOM.nextBytes(nonce);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
      byte[] ct = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[nonce.length + ct.length];
      System.arraycopy(nonce, 0, out, 0, nonce.length);
      System.arraycopy(ct, 0, out, nonce.length, ct.length);
      return PREFIX + Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  }

  /** Decrypts; throws {@link WrongKeyException} when the master key does not fit the data. */
  public String open(String sealed) {
    if (sealed == null || !sealed.startsWith(PREFIX)) {
      throw new WrongKeyException("not a sealed secret");
    }
    try {
      byte[] in = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, in, 0, 12));
      return new String(c.doFinal(in, 12, in.length - 12), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new WrongKeyException("secret cannot be decrypted: wrong master key or damaged data");
    }
  }

  /** The master key does not decrypt the stored data. */
  public static final class WrongKeyException extends portcullis.core.PortcullisException {
    private static final long serialVersionUID = 1L;

    WrongKeyException(String message) {
      super(message);
    }
  }
}
