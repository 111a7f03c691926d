package portcullis.server.http;

import io.vertx.core.http.HttpServerRequest;
import java.io.ByteArrayInputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import portcullis.core.scheme.mtls.Thumbprints;

/**
 * What the gateway knows of how a request travelled: whether credentials in it could have been read
 * on the way ({@link #confidential}) and the verified client certificate's thumbprint ({@link
 * #thumbprint}). Behind a trusted proxy ({@code limits.trustedProxies}) the proxy's word counts: its
 * {@code X-Forwarded-Proto: https}, and the certificate in {@code forwardAuth.clientCertificateHeader}
 * (URL-encoded PEM, as nginx's {@code $ssl_client_escaped_cert}). Thread-safe.
 */
public final class ClientTransport {
  /** Knows nothing of the transport: every request confidential, no certificate (the demo's tests). */
  static final ClientTransport TRUSTING = new ClientTransport(null, true, null, false);
  private final TrustedProxies proxies;
  private final boolean allowPlaintext;
  private final String certificateHeader;
  private final boolean fromHeader;

  ClientTransport(TrustedProxies proxies, boolean allowPlaintext, String certificateHeader) {
    this(proxies, allowPlaintext, certificateHeader, false);
  }

  private ClientTransport(TrustedProxies proxies, boolean allowPlaintext, String certificateHeader, boolean fromHeader) {
    this.proxies = proxies;
    this.allowPlaintext = allowPlaintext;
    this.certificateHeader = certificateHeader;
    this.fromHeader = fromHeader;
  }

  /**
   * For forward-auth's check requests: the client certificate is the one the proxy in front put in
   * {@code forwardAuth.clientCertificateHeader} (none without that setting), never the check
   * connection's own.
   */
  ClientTransport forwardAuth() {
    return new ClientTransport(proxies, allowPlaintext, certificateHeader, true);
  }

  /**
   * True over TLS, from a loopback client, through a trusted proxy that says it used TLS, or with
   * {@code listen.allowPlaintextCredentials}; {@code clientAddress} is {@link TrustedProxies#clientAddress}.
   */
  boolean confidential(HttpServerRequest req, String clientAddress) {
    if (allowPlaintext || req.isSSL()) {
      return true;
    }
    if (proxies != null && proxies.trusts(req.remoteAddress())) {
      List<String> proto = req.headers().getAll(H.FORWARDED_PROTO);
      if (!proto.isEmpty()) {
        if (proto.get(proto.size() - 1).trim().equalsIgnoreCase("https")) {
          return true;
        }
        // the proxy says it received the request over plain HTTP: confidential only from a loopback
        // client it names (X-Forwarded-For), never because the proxy itself is on loopback
        return !req.headers().getAll(H.FORWARDED_FOR).isEmpty() && loopback(clientAddress);
      }
    }
    return loopback(clientAddress);
  }

  /** An IPv4 127/8 address or IPv6 {@code ::1} (also IPv4-mapped), from its text; never a DNS look-up. */
  static boolean loopback(String ip) {
    if (ip == null || ip.isEmpty()) {
      return false;
    }
    String a = ip.startsWith("[") && ip.endsWith("]") ? ip.substring(1, ip.length() - 1) : ip;
    if (a.startsWith("::ffff:")) {
      a = a.substring(7);
    }
    return a.startsWith("127.") || a.equals("::1") || a.equals("0:0:0:0:0:0:0:1");
  }

  /**
   * The client certificate's thumbprint: for forward-auth the one in the trusted proxy's header,
   * else the one this connection's TLS handshake verified; null when there is none.
   */
  String thumbprint(HttpServerRequest req) {
    if (fromHeader) {
      return certificateHeader != null && proxies != null && proxies.trusts(req.remoteAddress())
          ? fromHeader(req.headers().get(certificateHeader)) : null;
    }
    if (!req.isSSL()) {
      return null;
    }
    try {
      List<Certificate> chain = req.connection().peerCertificates();
      return chain == null || chain.isEmpty() ? null : Thumbprints.of(chain.get(0).getEncoded());
    } catch (Exception e) { // SSLPeerUnverifiedException: none presented
      return null;
    }
  }

  /** The thumbprint of the first certificate of a URL-encoded (or plain) PEM header value; null when none parses. */
  static String fromHeader(String value) {
    if (value == null || value.isBlank() || value.length() > 32768) {
      return null;
    }
    try {
      String pem = value.contains("%") ? URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8) : value;
      if (!pem.contains("-----BEGIN")) {
        return null;
      }
      Certificate c = CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
      return Thumbprints.of(c.getEncoded());
    } catch (Exception e) {
      return null;
    }
  }
}
