package portcullis.server;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import portcullis.core.Directory;
import portcullis.core.Identity;
import portcullis.core.Outcome;
import portcullis.core.RequestView;
import portcullis.core.RouteOption;
import portcullis.core.RoutePolicy;
import portcullis.core.Scheme;
import portcullis.core.SchemeDescription;
import portcullis.core.dialect.Seed000Dialect;
import portcullis.core.store.Client;
import portcullis.server.config.ConfigException;
import portcullis.server.module.GatewayModule;
import portcullis.server.module.ModuleContext;

/**
 * A tiny extra scheme, known only to tests: a client key sent as {@code X-Test-Token}, as the query
 * parameter {@code test_token} or as {@code Authorization: XTest <key>} authenticates as that
 * client. Its route option {@code x-test.mode} is {@code strict} (the header only) or {@code lenient}.
 * Nothing outside this file names it: configuration, credential stripping and the key-token
 * scheme's "is this header mine" learn of it from {@link #DESCRIPTION}.
 */
public final class XTestModule implements GatewayModule {
  static final String ID = "x-test";
  static final String HEADER = "X-Test-Token";
  static final String PARAM = "test_token";
  static final String MODE = "x-test.mode";
  static final SchemeDescription DESCRIPTION = SchemeDescription.of(ID, Seed000Dialect.INSTANCE)
      .withAuthorization("XTest").withCredentialHeaders(List.of(HEADER)).withCredentialParams(List.of(PARAM))
      .withRouteOptions(RouteOption.oneOf(MODE, "strict", "lenient"));

  @Override
  public SchemeDescription description() {
    return DESCRIPTION;
  }

  @Override
  public void checkOptions(Map<String, Object> options) {
    for (String k : options.keySet()) {
      throw new ConfigException("schemes.x-test." + k + ": unknown field (x-test has no options)");
    }
  }

  @Override
  public void install(ModuleContext context) {
    checkOptions(context.options());
    context.registry().register(new XTestScheme());
  }

  static final class XTestScheme implements Scheme {
    private static final Seed000Dialect D = Seed000Dialect.INSTANCE;

    @Override
    public String id() {
      return ID;
    }

    @Override
    public boolean recognizes(RequestView request) {
      return request.header(HEADER) != null || request.queryParam(PARAM) != null || fromAuthorization(request) != null;
    }

    @Override
    public Outcome authenticate(RequestView request, RoutePolicy route, Directory directory) {
      boolean strict = route.option(MODE, "lenient").equalsIgnoreCase("strict");
      String key = request.header(HEADER);
      if (key == null && !strict) {
        key = request.queryParam(PARAM) != null ? request.queryParam(PARAM) : fromAuthorization(request);
      }
      if (key == null) {
        return Outcome.reject(D.malformed("x-test: send " + HEADER, "x-test: strict route without the header"));
      }
      Optional<Client> client = directory.client(key);
      if (client.isEmpty() || !client.get().active()) {
        return Outcome.reject(D.badCredentials("x-test: unknown key", "x-test: unknown key"));
      }
      Client c = client.get();
      return Outcome.ok(new Identity(c.ownerAccountId(), c.clientKey(), ID, c.scopes(), null));
    }

    private static String fromAuthorization(RequestView request) {
      String auth = request.header("Authorization");
      return auth != null && auth.regionMatches(true, 0, "XTest ", 0, 6) ? auth.substring(6).strip() : null;
    }
  }
}
