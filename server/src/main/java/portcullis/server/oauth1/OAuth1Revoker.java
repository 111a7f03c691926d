package portcullis.server.oauth1;

import java.util.List;

/** Revokes an account's authorization of one app: deletes its tokens and drops them from the cache. */
final class OAuth1Revoker {
  private final CachedTokens tokens;

  OAuth1Revoker(CachedTokens tokens) {
    this.tokens = tokens;
  }

  OAuth1Store store() {
    return tokens.store();
  }

  /** Blocking; returns how many tokens were revoked. */
  int revoke(String accountId, String clientKey) {
    List<String> hashes = tokens.store().revoke(accountId, clientKey);
    tokens.invalidate(hashes);
    return hashes.size();
  }
}
