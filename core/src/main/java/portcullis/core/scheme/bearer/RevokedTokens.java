package portcullis.core.scheme.bearer;

/** Answers, from memory, whether a token id has been revoked (RFC 7009). Thread-safe. */
@FunctionalInterface
public interface RevokedTokens {
  boolean isRevoked(String jti);

  RevokedTokens NONE = jti -> false;
}
