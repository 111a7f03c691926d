package portcullis.core.scheme.mtls;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import portcullis.core.AfterAuthentication;
import portcullis.core.Dialect;
import portcullis.core.Failure;
import portcullis.core.Outcome;
import portcullis.core.RequestView;
import portcullis.core.RoutePolicy;
import portcullis.core.dialect.Ksig1Dialect;
import portcullis.core.dialect.OAuth2Dialect;

/**
 * The post-authentication step of routes with {@code options: {mtls.bind: true}}: whatever scheme
 * authenticated the request, the connection's verified client certificate must be bound to the
 * authenticated client. No certificate: 401; a client-less identity, or a certificate bound to
 * another client or to none: 403; each in the route's dialect. Other routes pass untouched.
 */
public final class CertificateBound implements AfterAuthentication {
  private final Function<String, CompletionStage<Optional<String>>> clientKeyOf;

  /** @param clientKeyOf the key of the client a thumbprint is bound to (asynchronous: it may read the store) */
  public CertificateBound(Function<String, CompletionStage<Optional<String>>> clientKeyOf) {
    this.clientKeyOf = clientKeyOf;
  }

  /** Whether {@code route} asks for the binding. */
  public static boolean applies(RoutePolicy route) {
    return route.option(MtlsScheme.BIND);
  }

  @Override
  public CompletionStage<Outcome> apply(Outcome.Authenticated authenticated, RequestView request, RoutePolicy route) {
    if (!applies(route)) {
      return CompletableFuture.completedFuture(authenticated);
    }
    String thumbprint = request.clientCertificateThumbprint();
    Dialect d = route.dialect();
    if (thumbprint == null) {
      return CompletableFuture.completedFuture(Outcome.reject(refusal(d, 401,
          "This route needs a TLS client certificate bound to the client; none was presented.", "mtls.bind: no certificate")));
    }
    String client = authenticated.identity().clientKey();
    if (client == null) {
      return CompletableFuture.completedFuture(Outcome.reject(refusal(d, 403,
          "This route needs a client key whose certificate is presented; the request names no client.", "mtls.bind: no client")));
    }
    if ("mtls".equals(authenticated.identity().scheme())) {
      return CompletableFuture.completedFuture(authenticated); // the certificate named the client
    }
    return clientKeyOf.apply(thumbprint).thenApply(bound -> bound.isPresent() && bound.get().equals(client)
        ? authenticated
        : Outcome.reject(refusal(d, 403, "The client certificate presented is not bound to this client.",
            "mtls.bind: certificate " + thumbprint + " bound to " + bound.orElse("no client") + ", not " + client)));
  }

  private static Failure refusal(Dialect d, int status, String message, String log) {
    return shaped(d, status, message, log).because(status == 401 ? portcullis.core.Reason.MISSING : portcullis.core.Reason.FORBIDDEN);
  }

  private static Failure shaped(Dialect d, int status, String message, String log) {
    if (d instanceof OAuth2Dialect) {
      return Failure.of(status, d, status == 401 ? OAuth2Dialect.INVALID_TOKEN : "invalid_client", message, "", log);
    }
    if (d instanceof Ksig1Dialect) {
      return Failure.of(status, d, "AUTH_CERTIFICATE_NOT_BOUND", message, "", log);
    }
    return Failure.of(status, d, "certificate_not_bound", status == 401 ? "Client certificate required" : "Client certificate not bound",
        message, log);
  }
}
