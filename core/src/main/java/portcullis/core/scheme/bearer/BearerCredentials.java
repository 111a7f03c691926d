package portcullis.core.scheme.bearer;

/** A presented access token and where it was found. The token is never rendered by toString. */
record BearerCredentials(String token, Source source) {
  enum Source {
    HEADER,
    FORM,
    QUERY
  }

  @Override
  public String toString() {
    return "BearerCredentials[source=" + source + ", length=" + token.length() + "]";
  }
}
