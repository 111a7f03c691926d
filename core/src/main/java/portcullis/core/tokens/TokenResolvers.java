package portcullis.core.tokens;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import portcullis.core.Directory;

/** Every registered {@link TokenResolver}, asked in registration order. Thread-safe. */
public final class TokenResolvers implements TokenResolver {
  private final List<TokenResolver> resolvers = new CopyOnWriteArrayList<>();

  /** None registered yet. */
  public TokenResolvers() {}

  public void add(TokenResolver resolver) {
    resolvers.add(resolver);
  }

  @Override
  public Optional<TokenGrant> resolve(String token, Directory directory) {
    for (TokenResolver r : resolvers) {
      Optional<TokenGrant> g = r.resolve(token, directory);
      if (g.isPresent()) {
        return g;
      }
    }
    return Optional.empty();
  }
}
