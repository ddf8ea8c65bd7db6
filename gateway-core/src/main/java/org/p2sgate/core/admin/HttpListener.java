package org.p2sgate.core.admin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A small HTTP/1.1 listener on a thread of its own (the admin API, the browser sign-in): a request
 * must arrive within 10 s and fit {@code maxRequest} bytes, over TLS when a context is given; each
 * connection then gets a fresh handler of full requests.
 */
public final class HttpListener implements AutoCloseable {
  /** How long a connection may take to send its request. */
  static final int READ_TIMEOUT_S = 10;

  private final MultiThreadIoEventLoopGroup group;
  private final Channel channel;

  private HttpListener(MultiThreadIoEventLoopGroup group, Channel channel) {
    this.group = group;
    this.channel = channel;
  }

  /**
   * Listens on {@code address}; {@code tls} {@code null} for plain HTTP. {@code maxInitialLine}
   * bounds the request line (a long query string needs more than Netty's 4 KiB default). Returns
   * once bound.
   */
  public static HttpListener start(
      InetSocketAddress address,
      SslContext tls,
      int maxInitialLine,
      int maxRequest,
      Supplier<ChannelHandler> handler)
      throws InterruptedException {
    MultiThreadIoEventLoopGroup group =
        new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      Channel ch =
          new ServerBootstrap()
              .group(group)
              .channel(NioServerSocketChannel.class)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                      c.pipeline()
                          .addLast(new ReadTimeoutHandler(READ_TIMEOUT_S, TimeUnit.SECONDS));
                      if (tls != null) {
                        c.pipeline().addLast(tls.newHandler(c.alloc()));
                      }
                      c.pipeline()
                          .addLast(new HttpServerCodec(maxInitialLine, 8192, 8192))
                          .addLast(new HttpObjectAggregator(maxRequest))
                          .addLast(handler.get());
                    }
                  })
              .bind(address)
              .sync()
              .channel();
      return new HttpListener(group, ch);
    } catch (InterruptedException | RuntimeException e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw e;
    }
  }

  /** An HTTPS context (TLS 1.3 and 1.2, the JDK's provider) from a PEM chain and PKCS#8 PEM key. */
  public static SslContext tls(String certPem, String keyPem) throws IOException {
    try (InputStream cert = new ByteArrayInputStream(certPem.getBytes(StandardCharsets.US_ASCII));
        InputStream key = new ByteArrayInputStream(keyPem.getBytes(StandardCharsets.US_ASCII))) {
      return SslContextBuilder.forServer(cert, key)
          .sslProvider(SslProvider.JDK)
          .protocols("TLSv1.3", "TLSv1.2")
          .build();
    }
  }

  /** The bound address (the port, when 0 was asked for). */
  public InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  @Override
  public void close() {
    channel.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
  }
}
