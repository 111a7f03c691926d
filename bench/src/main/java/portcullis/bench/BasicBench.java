package portcullis.bench;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.openjdk.jmh.annotations.Benchmark;
import portcullis.core.Directory;
import portcullis.core.Gateway;
import portcullis.core.Outcome;
import portcullis.core.RoutePolicy;
import portcullis.core.scheme.basic.BasicScheme;

/** Basic + client key, cached path: parse, key lookup, verified-credential hit, identity. */
public class BasicBench extends AuthBench {
  final Directory directory = Fixtures.directory("open sesame");
  final RoutePolicy route = Fixtures.route(new BasicScheme());
  final portcullis.core.RequestView request = Fixtures.get("/v2/whoami",
      "Authorization", "Basic " + Base64.getEncoder().encodeToString("aladdin@example.com:open sesame".getBytes(StandardCharsets.UTF_8)),
      "X-Client-Key", Fixtures.CLIENT.clientKey());

  @Benchmark
  public Outcome authenticate() {
    return Gateway.authenticate(request, route, directory);
  }
}
