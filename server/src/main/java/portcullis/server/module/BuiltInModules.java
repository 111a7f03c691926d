package portcullis.server.module;

import java.util.List;
import java.util.function.Supplier;

/** The modules every gateway installs, in order. One line per capability. */
public final class BuiltInModules {
  private BuiltInModules() {}

  /** Module id (the key of its {@code schemes:} config section) and factory. */
  public record Entry(String id, Supplier<GatewayModule> factory) {}

  public static List<Entry> all() {
    return List.of(
        new Entry("basic", BasicModule::new),
        new Entry("digest", portcullis.server.digest.DigestModule::new),
        new Entry("oauth1", portcullis.server.oauth1.OAuth1Module::new),
        new Entry("keytoken", portcullis.server.keytoken.KeyTokenModule::new),
        new Entry("ksig1", portcullis.server.ksig1.Ksig1Module::new),
        new Entry("bearer", portcullis.server.bearer.BearerModule::new));
  }
}
