package portcullis.core.scheme.basic;

/** A parsed {@code Authorization: Basic} header. The password is never rendered by toString. */
record BasicCredentials(String userId, String password) {
  @Override
  public String toString() {
    return "BasicCredentials[userId=" + userId + "]";
  }
}
