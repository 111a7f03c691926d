package portcullis.server.module;

import java.util.List;
import java.util.function.Supplier;

/**
 * The modules every gateway installs, in order. One line per capability: a new scheme adds its
 * module here, and its {@link GatewayModule#description} does the rest (configuration, credential
 * stripping, other schemes' {@code Authorization} words). {@link Modules#builtIn} reads this list.
 */
public final class BuiltInModules {
  private BuiltInModules() {}

  public static List<Supplier<GatewayModule>> all() {
    return List.of(
        BasicModule::new,
        portcullis.server.digest.DigestModule::new,
        portcullis.server.oauth1.OAuth1Module::new,
        portcullis.server.keytoken.KeyTokenModule::new,
        portcullis.server.ksig1.Ksig1Module::new,
        portcullis.server.bearer.BearerModule::new,
        portcullis.server.mtls.MtlsModule::new);
  }
}
