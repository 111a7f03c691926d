package portcullis.server.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Map;
import portcullis.core.RequestView;
import portcullis.core.text.Form;

/**
 * {@link RequestView} over a Vert.x request and its buffered body; a null body is one still on the
 * wire ({@link #body()} throws {@link RequestView.BodyNotRead}). One per request.
 */
final class VertxRequestView implements RequestView {
  private static final byte[] EMPTY = new byte[0];
  private final HttpServerRequest request;
  private final String method;
  private final String path;
  private final String query;
  private final Buffer body;
  private final String host;
  private Map<String, List<String>> params;
  private String clientAddress = "";
  private byte[] bodyBytes;
  private ClientTransport transport = ClientTransport.TRUSTING;
  private String thumbprint;
  private boolean thumbprintRead;
  private Object memoKey; // one kept value: a request is read by one scheme
  private Object memoValue;

  VertxRequestView(HttpServerRequest request, String path, String query, Buffer body) {
    this(request, request.method().name(), path, query, body, null);
  }

  /**
   * A view with another method, target and (unless null) {@code Host}: forward-auth describes the
   * original request this way.
   */
  VertxRequestView(HttpServerRequest request, String method, String path, String query, Buffer body, String host) {
    this.host = host;
    this.request = request;
    this.method = method;
    this.path = path;
    this.query = query;
    this.body = body;
  }

  /** Sets the client's address ({@link TrustedProxies#clientAddress}); returns this view. */
  VertxRequestView from(String address) {
    this.clientAddress = address;
    return this;
  }

  @Override
  public String clientAddress() {
    return clientAddress;
  }

  /** How the request travelled ({@link ClientTransport}); returns this view. */
  VertxRequestView over(ClientTransport transport) {
    this.transport = transport;
    return this;
  }

  @Override
  public boolean confidential() {
    return transport.confidential(request, clientAddress);
  }

  @Override
  public String clientCertificateThumbprint() {
    if (!thumbprintRead) { // once per view, and only when a scheme or step asks
      thumbprint = transport.thumbprint(request);
      thumbprintRead = true;
    }
    return thumbprint;
  }

  @Override
  public String method() {
    return method;
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public String rawQuery() {
    return query;
  }

  @Override
  public String header(String name) {
    if (host != null && "host".equalsIgnoreCase(name)) {
      return host;
    }
    String v = request.headers().get(name);
    return v == null && "host".equalsIgnoreCase(name) ? authority() : v;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T memo(Object key, java.util.function.Supplier<T> make) {
    if (memoKey != key) {
      memoValue = make.get();
      memoKey = key;
    }
    return (T) memoValue;
  }

  @Override
  public List<String> headers(String name) {
    if (host != null && "host".equalsIgnoreCase(name)) {
      return List.of(host);
    }
    List<String> v = request.headers().getAll(name);
    if (v.isEmpty() && "host".equalsIgnoreCase(name)) {
      String a = authority();
      return a == null ? v : List.of(a);
    }
    return v;
  }

  /** HTTP/2 carries the host in the :authority pseudo-header, not in Host. */
  private String authority() {
    var a = request.authority();
    return a == null ? null : a.toString();
  }

  @Override
  public String queryParam(String name) {
    List<String> v = queryParams(name);
    return v.isEmpty() ? null : v.get(0);
  }

  @Override
  public List<String> queryParams(String name) {
    if (query.isEmpty()) {
      return List.of();
    }
    if (params == null) {
      params = Form.parse(query);
    }
    return params.getOrDefault(name, List.of());
  }

  @Override
  public byte[] body() {
    if (bodyBytes == null) {
      if (body == null) {
        throw BodyNotRead.INSTANCE;
      }
      bodyBytes = body.length() == 0 ? EMPTY : body.getBytes();
    }
    return bodyBytes;
  }
}
