package portcullis.server.http;

import io.vertx.core.http.HttpHeaders;

/**
 * Header names and fixed values as pre-encoded {@link CharSequence}s: Vert.x validates and encodes
 * a plain String name on every use, which showed up in profiles of the hot path.
 */
final class H {
  private H() {}

  static final CharSequence REQUEST_ID = HttpHeaders.createOptimized("X-Request-Id");
  static final CharSequence CONTENT_TYPE = HttpHeaders.CONTENT_TYPE;
  static final CharSequence CACHE_CONTROL = HttpHeaders.CACHE_CONTROL;
  static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");
  static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
  static final CharSequence JSON_UTF8 = HttpHeaders.createOptimized("application/json; charset=utf-8");
  static final CharSequence ACCOUNT = HttpHeaders.createOptimized("X-Portcullis-Account");
  static final CharSequence CLIENT = HttpHeaders.createOptimized("X-Portcullis-Client");
  static final CharSequence SCHEME = HttpHeaders.createOptimized("X-Portcullis-Scheme");
  static final CharSequence SCOPES = HttpHeaders.createOptimized("X-Portcullis-Scopes");
  static final CharSequence URI = HttpHeaders.createOptimized("X-Portcullis-Uri");
  static final CharSequence FORWARDED_FOR = HttpHeaders.createOptimized("X-Forwarded-For");
  static final CharSequence FORWARDED_PROTO = HttpHeaders.createOptimized("X-Forwarded-Proto");
  static final CharSequence FORWARDED_HOST = HttpHeaders.createOptimized("X-Forwarded-Host");
  static final CharSequence HTTP = HttpHeaders.createOptimized("http");
  static final CharSequence HTTPS = HttpHeaders.createOptimized("https");
}
