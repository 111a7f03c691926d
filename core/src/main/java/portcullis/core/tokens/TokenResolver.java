package portcullis.core.tokens;

import java.util.Optional;
import portcullis.core.Directory;

/**
 * Turns a presented token string into what it grants, for schemes that accept a token issued by
 * another scheme (KSig1's {@code X-API-Auth-Token}). Empty for a token this resolver does not know,
 * or one that is invalid, expired or revoked. May throw {@link Directory.WouldBlock} like the
 * directory. Thread-safe.
 */
@FunctionalInterface
public interface TokenResolver {
  Optional<TokenGrant> resolve(String token, Directory directory);
}
