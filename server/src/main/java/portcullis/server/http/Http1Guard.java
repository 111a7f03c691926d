package portcullis.server.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.HttpConnection;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import portcullis.core.text.Json;

/**
 * A Netty handler on every HTTP/1.x connection, between the HTTP codec and Vert.x, for two things
 * Vert.x does not answer well:
 *
 * <ul>
 *   <li>A request line whose version is not HTTP/1.1 or HTTP/1.0: Vert.x answers an empty 501
 *       before any handler. The request is passed on as HTTP/1.1 with a failed decoder result
 *       ({@link BadVersion}), so {@link InvalidRequests} answers 505 (a well-formed other version,
 *       {@code HTTP/1.2}, {@code HTTP/2.0}) or 400 (malformed: {@code HTTP/0.9}, lower case), with
 *       the seed-000 body and {@code Connection: close}.
 *   <li>A body the decoder cannot read after the headers were accepted (a bad chunk size, a
 *       malformed chunk extension or chunk end): Vert.x closes the connection without an answer.
 *       Here, when no response to that request has started yet, it gets 400 with the seed-000 body
 *       and {@code Connection: close}, in turn after the responses to earlier pipelined requests;
 *       when its own response had already started, the connection is closed after it.
 *   <li>A {@code Transfer-Encoding} that does not end in {@code chunked} (RFC 9112 section 6.1: the body's
 *       length cannot be known; Netty would frame {@code identity} by the Content-Length): 400 and the close.
 * </ul>
 *
 * A refused request is answered as HTTP/1.1 whatever version text its request line held, and nothing
 * pipelined behind it is read.
 *
 * Netty spells the version it read in capitals, so a lower-case {@code http/1.2} is taken for
 * {@code HTTP/1.2} (505); a lower-case {@code http/1.1} or {@code http/1.0} is recognised (400).
 * One instance per connection (it counts the requests and responses on it); event-loop only.
 */
final class Http1Guard extends ChannelDuplexHandler {
  static final String NAME = "portcullisHttp1Guard";
  private static final Pattern WELL_FORMED = Pattern.compile("HTTP/[0-9]\\.[0-9]");
  private static final String BAD_BODY =
      "The chunked request body is malformed: each chunk starts with its size in hexadecimal digits, optionally followed by"
      + " ;extensions, then CRLF, the data and CRLF; a 0 chunk ends it (RFC 9112 section 7.1).";

  /**
   * A request this gateway refuses before Vert.x sees it, answered by {@link InvalidRequests}: a
   * request line's version it does not serve (505 or 400), or a Transfer-Encoding that does not end
   * in chunked (400).
   */
  static final class BadVersion extends RuntimeException {
    final int status;

    BadVersion(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  private long requests;
  private long finalResponses;
  /** A final response has started and its last part is not written yet. */
  private boolean responseOpen;
  /** Input is ignored from now on: a body could not be read. */
  private boolean closing;
  /** The latest request was refused (its answer closes the connection). */
  private boolean refused;
  /** The unreadable body still waits for its answer (earlier responses are under way). */
  private boolean badBodyPending;

  /** Adds the guard to a new HTTP/1.x connection's pipeline (HTTP/2 connections are left alone). */
  static void install(HttpConnection connection) {
    if (!(connection instanceof io.vertx.core.net.impl.ConnectionBase base)) {
      return;
    }
    ChannelPipeline p = base.channel().pipeline();
    if (p.get("httpDecoder") != null && p.get("handler") != null && p.get(NAME) == null) {
      p.addBefore("handler", NAME, new Http1Guard());
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (closing) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof HttpRequest request) {
      // also the decoder's FullHttpRequest for a request it refused: Vert.x's invalidRequestHandler answers those
      requests++;
      checkVersion(request);
      checkTransferEncoding(request);
      refused = request.decoderResult().isFailure();
    } else if (msg instanceof HttpContent content && content.decoderResult().isFailure()) {
      ReferenceCountUtil.release(msg);
      badBody(ctx);
      return;
    }
    boolean last = msg instanceof LastHttpContent;
    ctx.fireChannelRead(msg);
    if (refused && last) {
      // a refused request is answered with Connection: close; what was pipelined behind it is not read
      closing = true;
    }
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof HttpResponse r && r.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
      finalResponses++;
      responseOpen = true;
    }
    boolean ends = responseOpen && msg instanceof LastHttpContent;
    ctx.write(msg, promise);
    if (ends) {
      responseOpen = false;
      if (badBodyPending) {
        finishBadBody(ctx);
      }
    }
  }

  private static void checkVersion(HttpRequest request) {
    HttpVersion v = request.protocolVersion();
    if (request.decoderResult().isFailure()) {
      // refused for something else (a control byte in a header, say): answered as HTTP/1.1, never in
      // whatever version text the request line held ("HT(TP/1.1 400 Bad Request" was sent before)
      request.setProtocolVersion(HttpVersion.HTTP_1_1);
      return;
    }
    if (v == HttpVersion.HTTP_1_1 || v == HttpVersion.HTTP_1_0) {
      return;
    }
    String text = v.text();
    BadVersion bad;
    if (!WELL_FORMED.matcher(text).matches() || v.majorVersion() == 0 || text.equals("HTTP/1.1") || text.equals("HTTP/1.0")) {
      // HTTP/1.1 or HTTP/1.0 that is not the decoder's own constant was not sent in capitals
      bad = new BadVersion(400, "The request line's HTTP version is malformed: it must be HTTP/1.1 (or HTTP/1.0), in capitals.");
    } else {
      bad = new BadVersion(505, text + " is not supported here; send HTTP/1.1 or HTTP/1.0"
          + " (HTTP/2 starts with its own connection preface, not an HTTP/1 request line).");
    }
    request.setProtocolVersion(HttpVersion.HTTP_1_1);
    request.setDecoderResult(DecoderResult.failure(bad));
  }

  /**
   * RFC 9112 section 6.1: a request whose Transfer-Encoding does not end in chunked has a body whose
   * length cannot be determined (Netty would frame {@code Transfer-Encoding: identity} by its
   * Content-Length, or read no body at all for {@code gzip}, and take what follows for the next
   * request): 400 and the connection closed.
   */
  private static void checkTransferEncoding(HttpRequest request) {
    if (request.decoderResult().isFailure()) {
      return;
    }
    java.util.List<String> te = request.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING);
    if (te.isEmpty()) {
      return;
    }
    String last = te.get(te.size() - 1);
    String coding = last.substring(last.lastIndexOf(',') + 1).strip();
    if (!coding.equalsIgnoreCase("chunked")) {
      request.setDecoderResult(DecoderResult.failure(new BadVersion(400, "The request's Transfer-Encoding must end with chunked"
          + " (RFC 9112 section 6.1); send the body chunked, or with a Content-Length and no Transfer-Encoding.")));
    }
  }

  /** The body of the latest request cannot be read: nothing more is read; answer it in turn. */
  private void badBody(ChannelHandlerContext ctx) {
    closing = true;
    badBodyPending = true;
    finishBadBody(ctx);
  }

  /**
   * Once every earlier request has had its whole response: answer this one with 400 and close,
   * or, when its own response had already started (it was answered without its body), close
   * after that response. Until then (a response still being written) wait for the next one to end.
   */
  private void finishBadBody(ChannelHandlerContext ctx) {
    if (responseOpen || finalResponses < requests - 1) {
      return;
    }
    badBodyPending = false;
    if (finalResponses >= requests) {
      ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    finalResponses++;
    String reference = GatewayHandler.newReference();
    StringBuilder b = new StringBuilder(320).append("{\"status\":400,\"message\":\"Bad Request\",\"additional\":");
    Json.quote(b, BAD_BODY).append(",\"reference\":");
    Json.quote(b, reference).append('}');
    byte[] body = b.toString().getBytes(StandardCharsets.UTF_8);
    FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST,
        Unpooled.wrappedBuffer(body));
    resp.headers().set(HttpHeaderNames.DATE, HttpDate.now()).set(H.REQUEST_ID, reference)
        .set(HttpHeaderNames.CONTENT_TYPE, H.JSON_UTF8).set(HttpHeaderNames.CONTENT_LENGTH, body.length)
        .set(HttpHeaderNames.CACHE_CONTROL, "no-store").set(HttpHeaderNames.CONNECTION, "close");
    ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
  }
}
