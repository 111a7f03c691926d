package portcullis.server.module;

import portcullis.core.dialect.Seed000Dialect;
import portcullis.core.scheme.basic.BasicScheme;

/** HTTP Basic with the client key (seeds 000/001) and account-only Basic (seed 002 dashboard). */
public final class BasicModule implements GatewayModule {
  @Override
  public void install(ModuleContext context) {
    context.registry().register(new BasicScheme(), Seed000Dialect.INSTANCE);
  }
}
