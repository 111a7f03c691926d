package portcullis.bench;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import portcullis.core.Directory;
import portcullis.core.Gateway;
import portcullis.core.Outcome;
import portcullis.core.RoutePolicy;
import portcullis.core.scheme.basic.BasicScheme;

/** Basic + client key, cached path: parse, key lookup, verified-credential hit, identity. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BasicBench {
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
