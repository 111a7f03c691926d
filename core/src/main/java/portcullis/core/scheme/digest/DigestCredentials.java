package portcullis.core.scheme.digest;

/**
 * A parsed {@code Authorization: Digest} header (RFC 7616 section 3.4). {@code username} is the
 * plain user name (from {@code username} or the decoded {@code username*}), or the hex user hash
 * when {@code userhash} is true. {@code algorithm} is null when the client sent none (meaning MD5),
 * and {@code qop} null when the client sent none. The response is not rendered by toString.
 */
record DigestCredentials(
    String username,
    boolean userhash,
    String realm,
    String nonce,
    String uri,
    String response,
    String algorithm,
    String cnonce,
    String opaque,
    String qop,
    String nc) {

  @Override
  public String toString() {
    return "DigestCredentials[username=" + username + ", userhash=" + userhash + ", realm=" + realm + ", algorithm="
        + algorithm + ", nc=" + nc + "]";
  }
}
