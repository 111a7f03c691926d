package portcullis.core.scheme.keytoken;

/**
 * A parsed {@code Authorization: <public_key>} or {@code <public_key>:<token>} value; {@code token}
 * is null for public access. The token is never rendered by toString.
 */
record KeyTokenCredentials(String publicKey, String token) {
  boolean hasToken() {
    return token != null;
  }

  @Override
  public String toString() {
    return "KeyTokenCredentials[publicKey=" + publicKey + ", token=" + (token == null ? "none" : "***") + "]";
  }
}
