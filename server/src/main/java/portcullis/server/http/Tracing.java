package portcullis.server.http;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * W3C Trace Context for every request, and OpenTelemetry spans when {@code tracing.otlpEndpoint} is
 * set. A request's {@code traceparent} (exactly one, valid) is continued, else a trace is started; the
 * gateway's own span id goes to the upstream and on forward-auth answers as the new {@code
 * traceparent}, with the request's {@code tracestate} (dropped with an invalid {@code traceparent}, as
 * the W3C says). With an endpoint, each request is a SERVER span named {@code {method} {route path}}
 * ({@code {method}} alone outside a route), its attributes the OpenTelemetry HTTP conventions' and the
 * authentication's ({@code portcullis.auth.scheme}, {@code .result}, {@code .reason}), exported in
 * batches over OTLP/HTTP; the parent's sampled flag is honoured, a new trace is sampled.
 */
final class Tracing implements AutoCloseable {
  static final String TRACEPARENT = "traceparent";
  static final String TRACESTATE = "tracestate";
  private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
  private static final TextMapGetter<MultiMap> HEADERS = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(MultiMap carrier) {
      return carrier.names();
    }

    @Override
    public String get(MultiMap carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  };
  static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
  static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
  static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
  static final AttributeKey<String> CLIENT = AttributeKey.stringKey("client.address");
  static final AttributeKey<String> SCHEME = AttributeKey.stringKey("portcullis.auth.scheme");
  static final AttributeKey<String> RESULT = AttributeKey.stringKey("portcullis.auth.result");
  static final AttributeKey<String> REASON = AttributeKey.stringKey("portcullis.auth.reason");
  static final AttributeKey<String> ROUTE_NAME = AttributeKey.stringKey("portcullis.route");
  static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("portcullis.request_id");

  private final SdkTracerProvider provider; // null: propagate only
  private final Tracer tracer;

  private Tracing(SdkTracerProvider provider) {
    this.provider = provider;
    this.tracer = provider == null ? null : provider.get("portcullis");
  }

  /** Trace context only, no spans exported. */
  static Tracing propagateOnly() {
    return new Tracing(null);
  }

  /** Spans exported to {@code endpoint}{@code /v1/traces} (OTLP/HTTP, protobuf) as {@code service.name} {@code service}. */
  static Tracing exporting(String endpoint, String service) {
    OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder().setEndpoint(endpoint + "/v1/traces")
        .setTimeout(Duration.ofSeconds(10)).build();
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service))))
        .addSpanProcessor(BatchSpanProcessor.builder(exporter).setScheduleDelay(Duration.ofMillis(500)).setMaxQueueSize(8192).build())
        .build();
    return new Tracing(provider);
  }

  /**
   * One request's place in its trace: the trace id, the gateway's span id (the parent the next hop
   * sees), the flags and the request's {@code tracestate}, and with an exporter its recording span.
   */
  static final class Trace {
    private final String traceId;
    private final String spanId;
    private final String flags;
    private final String tracestate; // null: none
    final Span span; // recording with an exporter, else Span.getInvalid()
    private String traceparent;

    Trace(String traceId, String spanId, String flags, String tracestate, Span span) {
      this.traceId = traceId;
      this.spanId = spanId;
      this.flags = flags;
      this.tracestate = tracestate;
      this.span = span;
    }

    static Trace of(SpanContext c, Span span) {
      return new Trace(c.getTraceId(), c.getSpanId(), c.getTraceFlags().asHex(), state(c.getTraceState()), span);
    }

    private static String state(TraceState s) {
      if (s.isEmpty()) {
        return null;
      }
      StringBuilder b = new StringBuilder();
      s.forEach((k, v) -> b.append(b.length() == 0 ? "" : ",").append(k).append('=').append(v));
      return b.toString();
    }

    String traceId() {
      return traceId;
    }

    /** The {@code traceparent} the next hop gets: this trace, the gateway's span as its parent. */
    String traceparent() {
      String t = traceparent;
      if (t == null) {
        t = traceparent = "00-" + traceId + "-" + spanId + "-" + flags;
      }
      return t;
    }

    /** The request's {@code tracestate}, to pass on unchanged; null for none. */
    String tracestate() {
      return tracestate;
    }

    /** Puts this trace's context on the headers for the next hop (replacing the client's). */
    void inject(MultiMap headers) {
      headers.set(TRACEPARENT, traceparent());
      String state = tracestate();
      if (state == null) {
        headers.remove(TRACESTATE);
      } else {
        headers.set(TRACESTATE, state);
      }
    }
  }

  /** The request's trace, continued from its {@code traceparent} or started. */
  Trace begin(HttpServerRequest req) {
    MultiMap h = req.headers();
    SpanContext parent = SpanContext.getInvalid();
    if (h.contains(TRACEPARENT) && h.getAll(TRACEPARENT).size() == 1) {
      parent = Span.fromContext(W3C.extract(Context.root(), h, HEADERS)).getSpanContext();
    }
    if (tracer == null) { // ids made here: no span object, no validation of ids known to be well-formed
      return parent.isValid() ? Trace.of(SpanContext.create(parent.getTraceId(), hex(1), parent.getTraceFlags(),
          parent.getTraceState()), Span.getInvalid()) : new Trace(hex(2), hex(1), "01", null, Span.getInvalid());
    }
    Context ctx = parent.isValid() ? Context.root().with(Span.wrap(parent)) : Context.root();
    Span span = tracer.spanBuilder(req.method().name()).setParent(ctx).setSpanKind(SpanKind.SERVER).startSpan();
    return Trace.of(span.getSpanContext(), span);
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** {@code longs} random 64-bit values in lower-case hex (16 digits each), never all zeros. */
  static String hex(int longs) {
    java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
    char[] out = new char[16 * longs];
    for (int i = 0; i < longs; i++) {
      long v;
      do {
        v = r.nextLong();
      } while (v == 0);
      for (int j = 15; j >= 0; j--) {
        out[i * 16 + j] = HEX[(int) (v & 0xf)];
        v >>>= 4;
      }
    }
    return new String(out);
  }

  /** Ends the request's span (when one is recorded) with what the request did. */
  static void end(Exchange x, String routePath, int status) {
    Span span = x.trace.span;
    if (!span.isRecording()) {
      return;
    }
    String method = x.req.method().name();
    span.updateName(routePath == null ? method : method + " " + routePath);
    span.setAttribute(METHOD, method);
    span.setAttribute(STATUS, (long) status);
    span.setAttribute(PATH, x.req.path() == null ? "" : x.req.path());
    span.setAttribute(REQUEST_ID, x.reference);
    span.setAttribute(ROUTE_NAME, x.route);
    span.setAttribute(CLIENT, x.clientAddress());
    if (routePath != null) {
      span.setAttribute(ROUTE, routePath);
    }
    if (x.reason != null) {
      span.setAttribute(SCHEME, x.scheme);
      span.setAttribute(RESULT, x.reason == portcullis.core.Reason.NONE ? "success" : "failure");
      span.setAttribute(REASON, x.reason.wire());
    }
    if (status >= 500) {
      span.setStatus(StatusCode.ERROR);
    }
    span.end();
  }

  @Override
  public void close() {
    if (provider != null) {
      provider.shutdown().join(10, TimeUnit.SECONDS); // the last batch goes out
    }
  }
}
