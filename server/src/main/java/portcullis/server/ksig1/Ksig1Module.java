package portcullis.server.ksig1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.time.Duration;
import java.util.List;
import portcullis.core.RouteOption;
import portcullis.core.SchemeDescription;
import portcullis.core.dialect.Ksig1Dialect;
import portcullis.core.scheme.ksig1.Ksig1Scheme;
import portcullis.server.config.ConfigException;
import portcullis.server.config.SchemeOptions;
import portcullis.server.module.DemoInfo;
import portcullis.server.module.GatewayModule;
import portcullis.server.module.ModuleContext;

/**
 * KSig1-HMAC-SHA256 request signatures (seed 004). Config: {@code schemes: {ksig1: {clockSkewSeconds:
 * 300}}}; route options {@code ksig1.debug} and {@code ksig1.requireToken}. The scheme claims each
 * nonce and the gateway commits it to the replay store (in memory, per node: a shared store for a
 * cluster does not exist yet); {@code X-API-Auth-Token} is resolved by every token-issuing module's
 * resolver.
 */
public final class Ksig1Module implements GatewayModule {
  /** The signature in {@code Authorization}; the key and the token it may carry in their own headers. */
  static final SchemeDescription DESCRIPTION = SchemeDescription.of(Ksig1Scheme.ID, Ksig1Dialect.INSTANCE)
      .withAuthorization("KSig1-HMAC-SHA256").withCredentialHeaders(List.of("X-API-Key", "X-API-Auth-Token"))
      .withRouteOptions(RouteOption.flag(Ksig1Scheme.DEBUG_OPTION), RouteOption.flag(Ksig1Scheme.TOKEN_OPTION));

  @Override
  public SchemeDescription description() {
    return DESCRIPTION;
  }

  @Override
  public void checkOptions(java.util.Map<String, Object> options) {
    window(options);
  }

  @Override
  public void install(ModuleContext context) {
    Duration window = Duration.ofSeconds(window(context.options()));
    context.registry().register(new Ksig1Scheme(context.tokens(), context.clock().withZone(java.time.ZoneOffset.UTC), window));
  }

  /** The {@code schemes: {ksig1: {...}}} section as written; absent fields are null. */
  record Options(@JsonPropertyDescription("a whole number of seconds from 1 to 3600") Number clockSkewSeconds) {}

  static long window(java.util.Map<String, Object> options) {
    Number n = SchemeOptions.bind("ksig1", options, Options.class).clockSkewSeconds();
    if (n == null) {
      return 300;
    }
    if (n.doubleValue() != n.longValue() || n.longValue() < 1 || n.longValue() > 3600) {
      throw new ConfigException("schemes.ksig1.clockSkewSeconds must be a whole number of seconds from 1 to 3600, was " + n);
    }
    return n.longValue();
  }

  @Override
  public String demoSection(DemoInfo demo) {
    String key = demo.seeded().internal().clientKey();
    String secret = demo.seeded().internal().secret();
    String url = demo.baseUrl() + "/api/signed/whoami";
    return "# KSig1-HMAC-SHA256 signed requests (seed 004): `portcullis sign` prints a ready curl line (new nonce each time)\n"
        + "eval \"$(./portcullis sign ksig1 --key " + key + " --secret " + secret + " " + url + ")\"\n"
        + "eval \"$(./portcullis sign ksig1 --key " + key + " --secret " + secret
        + " -X POST -H 'Content-Type: application/json' -d '{\"amount\":100}' " + url + ")\"\n"
        + "# Unsigned: 401 AUTH_MISSING_HEADER\ncurl " + url + "\n\n";
  }
}
