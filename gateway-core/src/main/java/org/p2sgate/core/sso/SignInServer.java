package org.p2sgate.core.sso;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.p2sgate.auth.sso.BrowserSignIn;
import org.p2sgate.auth.sso.SsoConfig;
import org.p2sgate.core.admin.HttpListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sign-in listener: HTTPS only, GET only, two paths ({@value SsoConfig#START_PATH}, {@value
 * SsoConfig#CALLBACK_PATH}). Requests must arrive within 10 s and fit 16 KiB (a provider's code and
 * state ride in the query). Each runs on a virtual thread, since a callback waits for the
 * provider's token endpoint; at most {@value #MAX_CONCURRENT} run at once, more get 503. Answers
 * are never cached and send no referrer, so the code in the callback's address goes nowhere else.
 */
public final class SignInServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SignInServer.class);
  static final int MAX_REQUEST = 16 * 1024;
  static final int MAX_CONCURRENT = 64;

  private final HttpListener listener;

  private SignInServer(HttpListener listener) {
    this.listener = listener;
  }

  /** Listens on {@code address} with {@code tls}; returns once bound. */
  public static SignInServer start(InetSocketAddress address, SslContext tls, BrowserSignIn signIn)
      throws InterruptedException {
    Executor blocking = Executors.newVirtualThreadPerTaskExecutor();
    Semaphore slots = new Semaphore(MAX_CONCURRENT);
    HttpListener listener =
        HttpListener.start(
            address,
            java.util.Objects.requireNonNull(tls, "the sign-in listener is HTTPS only"),
            MAX_REQUEST,
            MAX_REQUEST,
            () -> new Handler(signIn, blocking, slots));
    log.info(
        "browser sign-in on https://{}:{} (public address {})",
        address.getHostString(),
        address.getPort(),
        signIn.config().publicUrl());
    return new SignInServer(listener);
  }

  /** The bound address. */
  public InetSocketAddress address() {
    return listener.address();
  }

  @Override
  public void close() {
    listener.close();
  }

  private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final BrowserSignIn signIn;
    private final Executor blocking;
    private final Semaphore slots;

    Handler(BrowserSignIn signIn, Executor blocking, Semaphore slots) {
      this.signIn = signIn;
      this.blocking = blocking;
      this.slots = slots;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
      if (!req.decoderResult().isSuccess()) {
        write(ctx, BrowserSignIn.Page.text(400, "Bad request."));
        return;
      }
      if (!HttpMethod.GET.equals(req.method())) {
        write(ctx, BrowserSignIn.Page.text(405, "Only GET is served here."));
        return;
      }
      QueryStringDecoder q = new QueryStringDecoder(req.uri());
      Map<String, String> query = new LinkedHashMap<>();
      for (Map.Entry<String, List<String>> e : q.parameters().entrySet()) {
        query.put(e.getKey(), e.getValue().isEmpty() ? "" : e.getValue().get(0));
      }
      String path = q.path();
      if (!path.equals(SsoConfig.START_PATH) && !path.equals(SsoConfig.CALLBACK_PATH)) {
        write(ctx, BrowserSignIn.Page.text(404, "Not found."));
        return;
      }
      if (!slots.tryAcquire()) {
        write(ctx, BrowserSignIn.Page.text(503, "Busy. Try again in a moment."));
        return;
      }
      blocking.execute(
          () -> {
            BrowserSignIn.Page page;
            try {
              page =
                  path.equals(SsoConfig.START_PATH)
                      ? signIn.start(query.get("s"))
                      : signIn.callback(query);
            } catch (RuntimeException e) {
              log.warn("sso: {} failed: {}", path, e.getClass().getSimpleName());
              log.debug("sso: {} failed", path, e);
              page = BrowserSignIn.Page.text(500, "Internal error.");
            } finally {
              slots.release();
            }
            BrowserSignIn.Page answer = page;
            ctx.executor().execute(() -> write(ctx, answer));
          });
    }

    private static void write(ChannelHandlerContext ctx, BrowserSignIn.Page page) {
      byte[] body =
          page.location() != null ? new byte[0] : page.html().getBytes(StandardCharsets.UTF_8);
      FullHttpResponse resp =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1,
              HttpResponseStatus.valueOf(page.status()),
              Unpooled.wrappedBuffer(body));
      resp.headers()
          .set(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8")
          .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
          .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
          .set("Referrer-Policy", "no-referrer")
          .set("Content-Security-Policy", "default-src 'none'")
          .set("X-Content-Type-Options", "nosniff")
          .set(HttpHeaderNames.CONNECTION, "close");
      if (page.location() != null) {
        resp.headers().set(HttpHeaderNames.LOCATION, page.location());
      }
      ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      log.debug("sign-in connection closed: {}", cause.toString());
      ctx.close();
    }
  }
}
