package portcullis.bench;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import portcullis.core.Outcome;
import portcullis.core.RequestView;
import portcullis.core.RoutePolicy;
import portcullis.core.dialect.Ksig1Dialect;
import portcullis.core.scheme.ksig1.Ksig1Scheme;

/**
 * KSig1 verification alone (target &lt; 5 µs): parse, canonicalize, HMAC, compare, from warm caches.
 * The replay guard always answers "first use", so one pre-signed request can be verified repeatedly.
 */
public class Ksig1Bench extends AuthBench {
  BenchDirectory dir;
  Ksig1Scheme scheme;
  portcullis.core.Admission admission;
  RoutePolicy route;
  RequestView get;
  RequestView post;
  final AtomicLong uses = new AtomicLong();

  @Setup
  public void setup() {
    dir = new BenchDirectory();
    dir.client("ck_bench", "bench-secret-0123456789", dir.account("acc"));
    admission = new portcullis.core.Admission(c -> {
      uses.incrementAndGet();
      return java.util.concurrent.CompletableFuture.completedFuture(true);
    }, List.of());
    scheme = new Ksig1Scheme((t, d) -> Optional.empty(), Clock.systemUTC(), Duration.ofDays(3650));
    route = new RoutePolicy("bench", List.of(scheme), RoutePolicy.ClientKeyMode.REQUIRED, Set.of(), Ksig1Dialect.INSTANCE, "r", Map.of());
    var signer = new portcullis.client.Ksig1Signer("ck_bench", "bench-secret-0123456789", Clock.systemUTC(), null);
    get = request(signer, "GET", "/api/signed/whoami?b=2&a=1", Map.of(), "");
    post = request(signer, "POST", "/api/signed/whoami", Map.of("Content-Type", "application/json"), "{\"amount\":100,\"currency\":\"EUR\"}");
  }

  static RequestView request(portcullis.client.Ksig1Signer signer, String method, String target, Map<String, String> extra, String body) {
    URI uri = URI.create("http://127.0.0.1:8080" + target);
    byte[] b = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Map<String, String> headers = new LinkedHashMap<>(extra);
    headers.putAll(signer.sign(method, uri, extra, b).headers());
    headers.put("Host", "127.0.0.1:8080");
    return BenchRequest.of(method, uri.getRawPath(), uri.getRawQuery() == null ? "" : uri.getRawQuery(), b, headers);
  }

  @Benchmark
  public Outcome verifyGet() {
    return admission.admit(scheme.authenticate(get, route, dir), get, route).toCompletableFuture().join();
  }

  @Benchmark
  public Outcome verifyPostWithBody() {
    return admission.admit(scheme.authenticate(post, route, dir), post, route).toCompletableFuture().join();
  }
}
