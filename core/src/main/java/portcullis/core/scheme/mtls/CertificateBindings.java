package portcullis.core.scheme.mtls;

import java.util.Optional;
import portcullis.core.Directory;

/**
 * Which client a certificate is bound to, by its thumbprint ({@link Thumbprints}). Like the other
 * schemes' stores it follows the directory it is called with: through a non-blocking one
 * ({@link Directory#mayBlock()} false) a look-up that would need the store throws
 * {@link Directory.WouldBlock} before any side effect. Thread-safe.
 */
public interface CertificateBindings {
  /** The key of the client {@code thumbprint} is bound to, or empty. */
  Optional<String> clientKeyOf(String thumbprint, Directory directory);
}
