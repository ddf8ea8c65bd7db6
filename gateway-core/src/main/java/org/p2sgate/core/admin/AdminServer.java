package org.p2sgate.core.admin;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API's HTTP/1.1 listener (Netty's HTTP codec) on a thread of its own, so that a slow
 * scraper or operator never holds up the event loop that carries packets. Requests are small
 * (bodies up to 16 KiB) and must arrive within 10 s.
 */
public final class AdminServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AdminServer.class);
  static final int MAX_REQUEST = 16 * 1024;

  private final HttpListener listener;

  private AdminServer(HttpListener listener) {
    this.listener = listener;
  }

  /** Listens on {@code address} with plain HTTP; returns once bound. */
  public static AdminServer start(InetSocketAddress address, AdminApi api, Clock clock)
      throws InterruptedException {
    return start(address, api, clock, null);
  }

  /**
   * Listens on {@code address}, with HTTPS when {@code tls} is given (TLS 1.2 and 1.3, by the JDK's
   * provider); returns once bound.
   */
  public static AdminServer start(
      InetSocketAddress address, AdminApi api, Clock clock, SslContext tls)
      throws InterruptedException {
    HttpListener listener =
        HttpListener.start(address, tls, 4096, MAX_REQUEST, () -> new Handler(api, clock));
    log.info(
        "admin API on {}://{}:{}",
        tls != null ? "https" : "http",
        address.getHostString(),
        address.getPort());
    return new AdminServer(listener);
  }

  /** The bound address (the port, when 0 was asked for). */
  public InetSocketAddress address() {
    return listener.address();
  }

  @Override
  public void close() {
    listener.close();
  }

  private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final AdminApi api;
    private final Clock clock;

    Handler(AdminApi api, Clock clock) {
      this.api = api;
      this.clock = clock;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
      boolean keepAlive = HttpUtil.isKeepAlive(req);
      if (!req.decoderResult().isSuccess()) {
        write(ctx, AdminApi.Response.text(400, "bad request\n"), false);
        return;
      }
      QueryStringDecoder q = new QueryStringDecoder(req.uri());
      Map<String, String> query = new LinkedHashMap<>();
      for (Map.Entry<String, List<String>> e : q.parameters().entrySet()) {
        query.put(e.getKey(), e.getValue().isEmpty() ? "" : e.getValue().get(0));
      }
      InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
      AdminApi.Request r =
          new AdminApi.Request(
              req.method().name(),
              q.path(),
              query,
              req.headers().get(HttpHeaderNames.AUTHORIZATION),
              remote.getAddress().getHostAddress(),
              clock.millis(),
              io.netty.buffer.ByteBufUtil.getBytes(req.content()));
      api.handle(r)
          .whenComplete(
              (resp, e) ->
                  ctx.executor()
                      .execute(
                          () ->
                              write(
                                  ctx,
                                  resp != null
                                      ? resp
                                      : AdminApi.Response.text(500, "internal error\n"),
                                  keepAlive)));
    }

    private static void write(ChannelHandlerContext ctx, AdminApi.Response r, boolean keepAlive) {
      FullHttpResponse resp =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1,
              HttpResponseStatus.valueOf(r.status()),
              Unpooled.wrappedBuffer(r.body()));
      resp.headers()
          .set(HttpHeaderNames.CONTENT_TYPE, r.contentType())
          .setInt(HttpHeaderNames.CONTENT_LENGTH, r.body().length)
          .set(HttpHeaderNames.CACHE_CONTROL, "no-store");
      if (r.status() == 401) {
        resp.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
      }
      if (keepAlive) {
        resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        ctx.writeAndFlush(resp);
      } else {
        ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      log.debug("admin API connection closed: {}", cause.toString());
      ctx.close();
    }
  }
}
