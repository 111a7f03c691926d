package portcullis.server.http;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import portcullis.server.config.ConfigException;
import portcullis.server.config.Settings;

/**
 * The gateway's TLS material ({@code listen.tls}): the certificate chain and private key, and the
 * client CAs, read from PEM files. The files are read again every {@code reloadSeconds} (by their
 * content, through any symlink: an atomic symlink swap as cert-manager and certbot make is seen like
 * an edit) and on SIGHUP; new material is checked first (it parses, the key matches the leaf
 * certificate) and then handed to every running server ({@link HttpServer#updateSSLOptions}), which
 * uses it for new connections while open ones carry on. A reload that fails keeps the last good
 * material and logs why, once per change of the files. {@code portcullis_tls_certificate_expiry_seconds}
 * is the leaf certificate's notAfter (Unix seconds).
 */
public final class TlsCertificates {
  private static final Logger LOG = LoggerFactory.getLogger(TlsCertificates.class);
  static final Set<String> PROTOCOLS = Set.of("TLSv1.3", "TLSv1.2");
  private static final List<TlsCertificates> SIGHUP = new CopyOnWriteArrayList<>();
  private static volatile boolean sighupInstalled;

  private final Settings.Tls settings;
  private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
  private volatile Material current;
  private volatile byte[][] lastSeen; // the files' bytes at the last attempt, good or bad
  private Vertx vertx;
  private long timer = -1;

  /** One consistent set of files as read: the PEM bytes and what they hold. */
  record Material(byte[] certificate, byte[] key, byte[] clientCa, X509Certificate leaf) {}

  /** Reads and checks the files now: a start-up with bad material stops with a message naming the file. */
  public TlsCertificates(Settings.Tls settings) {
    this.settings = settings;
    byte[][] files = read();
    try {
      this.current = check(files);
    } catch (Exception e) {
      throw new ConfigException("listen.tls: " + e.getMessage(), e);
    }
    this.lastSeen = files;
  }

  /** TLS 1.3 and 1.2, HTTP/2 over ALPN beside HTTP/1.1, the client CAs and client-auth mode, on {@code options}. */
  public HttpServerOptions apply(HttpServerOptions options) {
    Material m = current;
    if (io.vertx.core.net.OpenSSLEngineOptions.isAvailable()) {
      options.setSslEngineOptions(new io.vertx.core.net.OpenSSLEngineOptions()); // BoringSSL: TLS costs far less CPU than the JDK's
    }
    options.setSsl(true).setUseAlpn(true).setEnabledSecureTransportProtocols(PROTOCOLS).setKeyCertOptions(keyCert(m))
        .setClientAuth(clientAuth());
    if (m.clientCa() != null) {
      options.setTrustOptions(trust(m));
    }
    return options;
  }

  private ClientAuth clientAuth() {
    return switch (settings.clientAuth()) {
      case "required" -> ClientAuth.REQUIRED;
      case "optional" -> ClientAuth.REQUEST;
      default -> ClientAuth.NONE;
    };
  }

  private static PemKeyCertOptions keyCert(Material m) {
    return new PemKeyCertOptions().setCertValue(Buffer.buffer(m.certificate())).setKeyValue(Buffer.buffer(m.key()));
  }

  private static PemTrustOptions trust(Material m) {
    return new PemTrustOptions().addCertValue(Buffer.buffer(m.clientCa()));
  }

  private ServerSSLOptions sslOptions(Material m) {
    ServerSSLOptions o = new ServerSSLOptions().setKeyCertOptions(keyCert(m)).setClientAuth(clientAuth())
        .setEnabledSecureTransportProtocols(PROTOCOLS).setUseAlpn(true);
    if (m.clientCa() != null) {
      o.setTrustOptions(trust(m));
    }
    return o;
  }

  /** A server now listening with this material: reloads go to it too. */
  void serving(HttpServer server) {
    servers.add(server);
  }

  /** Starts watching the files (every {@code reloadSeconds}) and SIGHUP; the gauge on {@code registry}. */
  public void watch(Vertx vertx, MeterRegistry registry) {
    this.vertx = vertx;
    Gauge.builder("portcullis.tls.certificate.expiry.seconds", () -> current.leaf().getNotAfter().getTime() / 1000.0)
        .description("When the served TLS certificate expires (its notAfter, Unix seconds)").register(registry);
    LOG.info("TLS ({}) with certificate {}, expires {}", engine(), current.leaf().getSubjectX500Principal().getName(),
        current.leaf().getNotAfter());
    timer = vertx.setPeriodic(settings.reload().toMillis(), id -> reloadInBackground(false));
    SIGHUP.add(this);
    installSighup();
  }

  public void close() {
    SIGHUP.remove(this);
    if (vertx != null && timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** Which TLS implementation serves: {@code openssl} (BoringSSL through netty-tcnative) or {@code jdk}. */
  public static String engine() {
    return io.vertx.core.net.OpenSSLEngineOptions.isAvailable() ? "openssl" : "jdk";
  }

  /** The leaf certificate now served. */
  public X509Certificate certificate() {
    return current.leaf();
  }

  private void reloadInBackground(boolean forced) {
    vertx.executeBlocking(() -> reload(forced), false).onFailure(e -> LOG.warn("TLS reload: {}", e.toString()));
  }

  /**
   * Reads the files; when they changed (or {@code forced}, SIGHUP) checks them and hands them to the
   * servers. True when new material was installed.
   */
  public synchronized boolean reload(boolean forced) {
    byte[][] files;
    try {
      files = read();
    } catch (ConfigException e) {
      if (forced || lastSeen != null) {
        LOG.warn("TLS reload failed, keeping the certificate in use (expires {}): {}", current.leaf().getNotAfter(),
            e.getMessage());
      }
      lastSeen = null;
      return false;
    }
    if (!forced && lastSeen != null && same(files, lastSeen)) {
      return false;
    }
    lastSeen = files;
    Material m;
    try {
      m = check(files);
    } catch (Exception e) {
      LOG.warn("TLS reload failed, keeping the certificate in use (subject {}, expires {}): {}",
          current.leaf().getSubjectX500Principal().getName(), current.leaf().getNotAfter(), e.getMessage());
      return false;
    }
    List<Future<Boolean>> updates = new ArrayList<>();
    ServerSSLOptions options = sslOptions(m);
    for (HttpServer s : servers) {
      updates.add(s.updateSSLOptions(options, true));
    }
    try {
      Future.all(updates).toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("TLS reload failed while installing the new certificate, keeping the one in use: {}", e.toString());
      return false;
    }
    current = m;
    LOG.info("TLS certificate reloaded: subject {}, expires {}", m.leaf().getSubjectX500Principal().getName(),
        m.leaf().getNotAfter());
    return true;
  }

  private static boolean same(byte[][] a, byte[][] b) {
    for (int i = 0; i < a.length; i++) {
      if (!Arrays.equals(a[i], b[i])) {
        return false;
      }
    }
    return true;
  }

  private byte[][] read() {
    return new byte[][] {read("certificate", settings.certificate()), read("privateKey", settings.privateKey()),
        settings.clientCa() == null ? null : read("clientCa", settings.clientCa())};
  }

  private static byte[] read(String what, Path file) {
    try {
      return Files.readAllBytes(file); // follows symlinks: a swapped link is read as its new target
    } catch (IOException e) {
      throw new ConfigException(what + ": cannot read " + file + ": " + e);
    }
  }

  /** Parses the chain, the key and the CAs, and proves the key belongs to the leaf certificate. */
  static Material check(byte[][] files) throws Exception {
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    Collection<? extends java.security.cert.Certificate> chain = cf.generateCertificates(new ByteArrayInputStream(files[0]));
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("the certificate file holds no PEM certificate");
    }
    X509Certificate leaf = (X509Certificate) chain.iterator().next();
    KeyStore ks;
    javax.net.ssl.X509KeyManager km;
    try {
      PemKeyCertOptions pem = new PemKeyCertOptions().setCertValue(Buffer.buffer(files[0])).setKeyValue(Buffer.buffer(files[1]));
      ks = pem.loadKeyStore(null);
      km = (javax.net.ssl.X509KeyManager) pem.getKeyManagerFactory(null).getKeyManagers()[0];
    } catch (Exception e) {
      throw new IllegalArgumentException("the private key file holds no PEM private key the certificate can use: " + e.getMessage(), e);
    }
    PrivateKey key = null;
    for (Enumeration<String> aliases = ks.aliases(); aliases.hasMoreElements() && key == null;) {
      String alias = aliases.nextElement();
      if (ks.isKeyEntry(alias)) {
        key = km.getPrivateKey(alias);
      }
    }
    if (key == null) {
      throw new IllegalArgumentException("the private key file holds no private key");
    }
    String alg = switch (key.getAlgorithm().toUpperCase(Locale.ROOT)) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "ED25519", "EDDSA" -> "Ed25519";
      default -> null;
    };
    if (alg != null) {
      byte[] probe = "portcullis key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      Signature s = Signature.getInstance(alg);
      s.initSign(key);
      s.update(probe);
      byte[] sig = s.sign();
      Signature v = Signature.getInstance(alg);
      v.initVerify(leaf.getPublicKey());
      v.update(probe);
      if (!v.verify(sig)) {
        throw new IllegalArgumentException("the private key does not belong to the certificate ("
            + leaf.getSubjectX500Principal().getName() + ")");
      }
    }
    if (files[2] != null && cf.generateCertificates(new ByteArrayInputStream(files[2])).isEmpty()) {
      throw new IllegalArgumentException("the clientCa file holds no PEM certificate");
    }
    return new Material(files[0], files[1], files[2], leaf);
  }

  private static synchronized void installSighup() {
    if (sighupInstalled) {
      return;
    }
    sighupInstalled = true;
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> {
        LOG.info("SIGHUP: reloading TLS certificates");
        for (TlsCertificates t : SIGHUP) {
          t.reloadInBackground(true);
        }
      });
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      LOG.warn("SIGHUP cannot be handled here ({}); certificates are still re-read when their files change", e.toString());
    }
  }
}
