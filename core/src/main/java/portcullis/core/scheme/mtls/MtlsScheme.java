package portcullis.core.scheme.mtls;

import java.util.List;
import java.util.Optional;
import portcullis.core.Directory;
import portcullis.core.Failure;
import portcullis.core.Identity;
import portcullis.core.Outcome;
import portcullis.core.RequestView;
import portcullis.core.RoutePolicy;
import portcullis.core.Scheme;
import portcullis.core.dialect.OAuth2Dialect;
import portcullis.core.store.Account;
import portcullis.core.store.Client;

/**
 * Mutual TLS as the credential (RFC 8705 section 2's idea, for API requests): the verified client
 * certificate of the request's connection alone authenticates it, as the client the certificate's
 * thumbprint is bound to. Recognizes a request that presented a certificate and carries no
 * {@code Authorization} header (a request with one belongs to that header's scheme, on a route
 * that offers both). Order of checks: a binding for the thumbprint → the client active → its
 * owner account active → {@code Identity(owner, client, "mtls", client scopes)}. Answers in the
 * OAuth 2 dialect (a certificate-bound client is an OAuth client).
 */
public final class MtlsScheme implements Scheme {
  public static final String ID = "mtls";
  /** Route option: the certificate must belong to the client whatever scheme authenticated the request. */
  public static final String BIND = "mtls.bind";
  private static final OAuth2Dialect D = OAuth2Dialect.INSTANCE;
  private final CertificateBindings bindings;

  public MtlsScheme(CertificateBindings bindings) {
    this.bindings = bindings;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public boolean recognizes(RequestView request) {
    return request.header("Authorization") == null && request.clientCertificateThumbprint() != null;
  }

  @Override
  public Outcome authenticate(RequestView request, RoutePolicy route, Directory directory) {
    String thumbprint = request.clientCertificateThumbprint();
    Optional<String> key = bindings.clientKeyOf(thumbprint, directory);
    Optional<Client> client = key.isEmpty() ? Optional.empty() : directory.client(key.get());
    if (client.isEmpty() || !client.get().active()) {
      return Outcome.reject(unauthorized(route, "The client certificate is not bound to an active client.",
          key.isEmpty() ? "mtls: no client bound to certificate " + thumbprint : "mtls: client " + key.get() + " revoked")
          .because(key.isEmpty() || client.isEmpty() ? portcullis.core.Reason.UNKNOWN_KEY : portcullis.core.Reason.REVOKED));
    }
    Client c = client.get();
    Optional<Account> owner = directory.accountById(c.ownerAccountId());
    if (owner.isEmpty()) {
      return Outcome.reject(unauthorized(route, "The client certificate is not bound to an active client.",
          "mtls: owner of " + c.clientKey() + " gone"));
    }
    Failure inactive = D.inactiveAccount(owner.get(), route.realm(), "mtls: account ");
    if (inactive != null) {
      return Outcome.reject(inactive);
    }
    return Outcome.ok(new Identity(owner.get().id(), c.clientKey(), ID, c.scopes(), null));
  }

  private static Failure unauthorized(RoutePolicy route, String description, String log) {
    return Failure.of(401, D, OAuth2Dialect.INVALID_CLIENT, description, "", log);
  }

  @Override
  public List<String> challenges(RoutePolicy route) {
    return List.of();
  }
}
