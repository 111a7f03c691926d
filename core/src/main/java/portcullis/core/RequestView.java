package portcullis.core;

import java.util.List;

/**
 * A read-only view of one HTTP request, as the gateway's HTTP adapter received it. Header names
 * are matched case-insensitively. Implementations are not required to be thread-safe: one view
 * belongs to one request.
 */
public interface RequestView {
  /** The method in upper case, e.g. {@code GET}. */
  String method();

  /** The raw (still percent-encoded) path, without the query; never empty ("/" at least). */
  String path();

  /** The raw query string after {@code ?}, or the empty string when there is none. */
  String rawQuery();

  /** The first value of a header, or {@code null} when it is absent. */
  String header(String name);

  /** Every value of a header in the order received; empty when it is absent. */
  List<String> headers(String name);

  /**
   * What {@code make} works out from this request, made once and kept for the rest of the request
   * under {@code key} (compared by identity): a scheme's parsed {@code Authorization} header, read by
   * the failed-login throttle before the scheme runs and by the scheme itself. A view that keeps
   * nothing (this default) makes it anew each time.
   */
  default <T> T memo(Object key, java.util.function.Supplier<T> make) {
    return make.get();
  }

  /** The first value of a query parameter, percent-decoded as a form value; {@code null} if absent. */
  String queryParam(String name);

  /** Every value of a query parameter (names and values percent-decoded), in order; empty when absent. */
  default List<String> queryParams(String name) {
    String q = rawQuery();
    return q == null || q.isEmpty() ? List.of() : portcullis.core.text.Form.parse(q).getOrDefault(name, List.of());
  }

  /**
   * The raw body bytes; empty, never null, when the request had none. Throws {@link BodyNotRead}
   * while the gateway has not read the body yet: it reads a body only for a scheme that asks for it
   * (after every check that needs no body), then runs the schemes again, so nothing with a side
   * effect may come before this call.
   */
  byte[] body();

  /** Thrown by {@link #body()} when the body is still on the wire. Carries no stack trace. */
  final class BodyNotRead extends RuntimeException {
    private static final long serialVersionUID = 1L;
    public static final BodyNotRead INSTANCE = new BodyNotRead();

    private BodyNotRead() {
      super("the request body has not been read yet", null, false, false);
    }
  }

  /**
   * The client's IP address as the gateway determined it: the peer's, or the one a trusted proxy
   * reports ({@code limits.trustedProxies}); what throttles and per-IP limits count by. Empty when
   * unknown.
   */
  default String clientAddress() {
    return "";
  }

  /**
   * Whether a secret in this request could not have been read on the way: it came over TLS, from a
   * loopback address, through a trusted proxy ({@code limits.trustedProxies}) that says it used TLS
   * ({@code X-Forwarded-Proto: https}), or the operator allowed credentials in clear
   * ({@code listen.allowPlaintextCredentials}). Basic, Digest, OAuth 1.0a PLAINTEXT and the token
   * endpoint refuse to run when it is false. True for a view that knows nothing of its transport.
   */
  default boolean confidential() {
    return true;
  }

  /**
   * The SHA-256 thumbprint (base64url without padding, RFC 8705 {@code x5t#S256}) of the client
   * certificate the request's TLS connection presented and the gateway verified against
   * {@code listen.tls.clientCa} (or that a trusted TLS terminator in front reported); null when none.
   */
  default String clientCertificateThumbprint() {
    return null;
  }

  /** The request target as the client sent it (path and query), used by Digest's {@code uri}. */
  default String target() {
    String q = rawQuery();
    return q.isEmpty() ? path() : path() + "?" + q;
  }
}
