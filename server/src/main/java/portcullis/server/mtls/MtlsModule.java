package portcullis.server.mtls;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import portcullis.core.AfterAuthentication;
import portcullis.core.Directory;
import portcullis.core.RouteOption;
import portcullis.core.SchemeDescription;
import portcullis.core.dialect.OAuth2Dialect;
import portcullis.core.scheme.mtls.CertificateBound;
import portcullis.core.scheme.mtls.MtlsScheme;
import portcullis.core.scheme.mtls.Thumbprints;
import portcullis.server.admin.AdminApi;
import portcullis.server.config.ConfigException;
import portcullis.server.module.GatewayModule;
import portcullis.server.module.ModuleContext;

/**
 * Client certificates as credentials (docs/schemes/mtls.md): the {@code mtls} scheme (a verified
 * client certificate bound to a client authenticates the request alone), the {@code mtls.bind}
 * route option (any scheme, plus the certificate bound to the authenticated client) and the admin
 * API that binds thumbprints to clients: {@code GET/POST /admin/clients/{key}/certificates},
 * {@code DELETE /admin/clients/{key}/certificates/{thumbprint}}.
 */
public final class MtlsModule implements GatewayModule {
  private static final Logger LOG = LoggerFactory.getLogger(MtlsModule.class);
  static final SchemeDescription DESCRIPTION = SchemeDescription.of(MtlsScheme.ID, OAuth2Dialect.INSTANCE)
      .withRouteOptions(RouteOption.flag(MtlsScheme.BIND));
  private CertificateStore store;
  private ModuleContext context;

  @Override
  public SchemeDescription description() {
    return DESCRIPTION;
  }

  @Override
  public void checkOptions(java.util.Map<String, Object> options) {
    if (!options.isEmpty()) {
      throw new ConfigException("schemes.mtls." + new java.util.TreeSet<>(options.keySet()).first()
          + ": unknown field (mtls has no options; TLS is configured under listen.tls)");
    }
  }

  @Override
  public void install(ModuleContext context) {
    checkOptions(context.options());
    this.context = context;
    this.store = new CertificateStore(context.database(), context.settings().entityTtl(), context.settings().cacheMaximumSize(),
        context.invalidations()).monitored(context.directory().cacheMeters());
    context.registry().register(new MtlsScheme(store));
    Router admin = context.admin();
    admin.get("/admin/clients/:key/certificates").handler(this::list);
    admin.post("/admin/clients/:key/certificates").handler(this::bind);
    admin.delete("/admin/clients/:key/certificates/:thumbprint").handler(this::unbind);
  }

  /**
   * The bindings, for the developer portal's "Client certificates" (the admin API's store: the same
   * cache invalidation on every write); null before {@link #install}.
   */
  public CertificateStore certificates() {
    return store;
  }

  @Override
  public List<AfterAuthentication> afterAuthentication() {
    return List.of(new CertificateBound(this::clientKeyOf));
  }

  /** From the cache at once; on a miss, from the store on the worker pool. */
  private CompletionStage<Optional<String>> clientKeyOf(String thumbprint) {
    try {
      return CompletableFuture.completedFuture(store.clientKeyOf(thumbprint, false));
    } catch (Directory.WouldBlock e) {
      return context.worker().executeBlocking(() -> store.clientKeyOf(thumbprint, true), false).toCompletionStage();
    }
  }

  private void list(RoutingContext ctx) {
    String key = ctx.pathParam("key");
    AdminApi.blocking(context.worker(), ctx, () -> context.directory().store().client(key).map(c -> store.of(key)), found -> {
      if (found.isEmpty()) {
        AdminApi.error(ctx, 404, "Not Found", "No client with key " + key + ".");
        return;
      }
      JsonArray out = new JsonArray();
      found.get().forEach(b -> out.add(json(b)));
      AdminApi.json(ctx, 200, new JsonObject().put("certificates", out));
    });
  }

  private static JsonObject json(CertificateStore.Binding b) {
    return new JsonObject().put("thumbprint", b.thumbprint()).put("client_key", b.clientKey()).put("created_at", b.createdAt().toString());
  }

  private void bind(RoutingContext ctx) {
    String key = ctx.pathParam("key");
    String shape = "The body must be a JSON object {\"thumbprint\": SHA-256 of the DER certificate (base64url as RFC 8705 x5t#S256,"
        + " or hex as openssl prints it)} or {\"certificate\": PEM}.";
    if (!(portcullis.server.http.RawBody.json(ctx) instanceof JsonObject in) || in.size() != 1
        || !(in.getValue("thumbprint") instanceof String || in.getValue("certificate") instanceof String)) {
      AdminApi.error(ctx, 400, "Bad Request", shape);
      return;
    }
    String thumbprint = in.containsKey("thumbprint") ? Thumbprints.normalize(in.getString("thumbprint")) : ofPem(in.getString("certificate"));
    if (thumbprint == null) {
      AdminApi.error(ctx, 400, "Bad Request", in.containsKey("thumbprint") ? "The thumbprint is neither 43 base64url characters nor"
          + " 64 hex digits. " + shape : "The certificate is not a PEM X.509 certificate.");
      return;
    }
    AdminApi.blocking(context.worker(), ctx, () -> context.directory().store().client(key)
        .map(c -> store.bind(thumbprint, key, context.clock().instant())), bound -> {
          if (bound.isEmpty()) {
            AdminApi.error(ctx, 404, "Not Found", "No client with key " + key + ".");
          } else if (!bound.get().clientKey().equals(key)) {
            AdminApi.error(ctx, 409, "Conflict", "This certificate is bound to another client already; remove it there first.");
          } else {
            LOG.info("admin: certificate {} bound to client {}", thumbprint, key);
            AdminApi.json(ctx, 201, json(bound.get()));
          }
        });
  }

  private void unbind(RoutingContext ctx) {
    String key = ctx.pathParam("key");
    String thumbprint = Thumbprints.normalize(ctx.pathParam("thumbprint"));
    if (thumbprint == null) {
      AdminApi.error(ctx, 404, "Not Found", "No such certificate bound to client " + key + ".");
      return;
    }
    AdminApi.blocking(context.worker(), ctx, () -> {
      boolean removed = store.unbind(thumbprint, key);
      if (removed) {
        LOG.info("admin: certificate {} unbound from client {}", thumbprint, key);
      }
      return removed;
    }, AdminApi.noContent(ctx, "Certificate " + thumbprint + " is not bound to client " + key + "."));
  }

  /**
   * The thumbprint a person pasted: a PEM certificate ({@code -----BEGIN CERTIFICATE-----}, its
   * thumbprint computed as the admin API's {@code "certificate"} field), else a thumbprint as the
   * admin API's {@code "thumbprint"} field takes it ({@link Thumbprints#normalize}); null when it is neither.
   */
  public static String thumbprintOf(String text) {
    if (text == null) {
      return null;
    }
    return text.contains("-----BEGIN") ? ofPem(text) : Thumbprints.normalize(text);
  }

  static String ofPem(String pem) {
    try {
      return Thumbprints.of(CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).getEncoded());
    } catch (Exception e) {
      return null;
    }
  }
}
