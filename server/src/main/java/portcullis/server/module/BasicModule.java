package portcullis.server.module;

import portcullis.core.Gateway;
import portcullis.core.SchemeDescription;
import portcullis.core.dialect.Seed000Dialect;
import portcullis.core.scheme.basic.BasicScheme;

/** HTTP Basic with the client key (seeds 000/001) and account-only Basic (seed 002 dashboard). */
public final class BasicModule implements GatewayModule {
  static final SchemeDescription DESCRIPTION = SchemeDescription.of(BasicScheme.ID, Seed000Dialect.INSTANCE)
      .withAuthorization("Basic").withCredentialHeaders(Gateway.CLIENT_KEY_HEADERS).withCredentialParams(Gateway.CLIENT_KEY_PARAMS);

  @Override
  public SchemeDescription description() {
    return DESCRIPTION;
  }

  @Override
  public void install(ModuleContext context) {
    checkOptions(context.options());
    context.registry().register(new BasicScheme());
  }

  @Override
  public void checkOptions(java.util.Map<String, Object> options) {
    if (!options.isEmpty()) {
      String k = new java.util.TreeSet<>(options.keySet()).first();
      throw new portcullis.server.config.ConfigException("schemes.basic." + k + ": unknown field (Basic has no options;"
          + " the realm is the top-level realm, the client-key rule is routes[].clientKey)");
    }
  }
}
