package org.p2sgate.core.management;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management interface's socket edge: a loopback TCP listener or a unix socket (made 0600), one
 * virtual thread per connection reading lines of at most {@link CommandParser#MAX_LINE} bytes and
 * writing each {@link ManagementConsole} reply before reading the next line. At most {@link
 * #MAX_CONNECTIONS} connections at once; a reply the gateway does not give within 10 s is an error
 * line. Commands and their replies stay off the packet event loop except for the short session
 * snapshot or disconnect they ask of it.
 */
public final class ManagementServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ManagementServer.class);

  /** Connections served at once; more are told so and closed. */
  static final int MAX_CONNECTIONS = 8;

  static final long REPLY_TIMEOUT_MS = 10_000;

  private final ServerSocketChannel server;
  private final ManagementHost host;
  private final Path unixSocket;
  private final Set<SocketChannel> connections = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private volatile boolean closed;

  private ManagementServer(ServerSocketChannel server, ManagementHost host, Path unixSocket) {
    this.server = server;
    this.host = host;
    this.unixSocket = unixSocket;
    this.acceptor = Thread.ofPlatform().daemon().name("p2sgate-management").unstarted(this::accept);
  }

  /**
   * Listens on {@code address}: an {@link InetSocketAddress} (the caller has checked it is
   * loopback) or a {@link UnixDomainSocketAddress} (a stale socket file there is replaced).
   */
  public static ManagementServer start(SocketAddress address, ManagementHost host)
      throws IOException {
    ServerSocketChannel ch;
    Path unix = null;
    if (address instanceof UnixDomainSocketAddress u) {
      unix = u.getPath();
      if (Files.isRegularFile(unix) || Files.isDirectory(unix)) {
        throw new IOException(unix + " exists and is not a socket");
      }
      Files.deleteIfExists(unix);
      ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      ch.bind(u);
      Files.setPosixFilePermissions(unix, PosixFilePermissions.fromString("rw-------"));
    } else if (address instanceof InetSocketAddress inet && inet.getAddress().isLoopbackAddress()) {
      ch = ServerSocketChannel.open();
      ch.bind(inet);
    } else {
      throw new IOException("the management interface listens on loopback or a unix socket only");
    }
    ManagementServer s = new ManagementServer(ch, host, unix);
    s.acceptor.start();
    log.info("management interface on {}", unix != null ? unix : describe(ch));
    return s;
  }

  /** The bound address (the port, when 0 was asked for). */
  public SocketAddress address() throws IOException {
    return server.getLocalAddress();
  }

  private void accept() {
    while (!closed) {
      SocketChannel c;
      try {
        c = server.accept();
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        if (!closed) {
          log.warn("management interface: accept failed: {}", e.getMessage());
        }
        return;
      }
      if (connections.size() >= MAX_CONNECTIONS) {
        write(c, "ERROR: too many management connections (at most " + MAX_CONNECTIONS + ")\r\n");
        closeQuietly(c);
        continue;
      }
      connections.add(c);
      Thread.ofVirtual().name("p2sgate-management-client").start(() -> serve(c));
    }
  }

  private void serve(SocketChannel c) {
    String who = describe(c);
    try {
      ManagementConsole console = new ManagementConsole(host);
      if (!write(c, console.greeting())) {
        return;
      }
      LineReader lines = new LineReader(c);
      for (LineReader.Line line; (line = lines.next()) != null; ) {
        ManagementConsole.Reply reply =
            line.tooLong()
                ? ManagementConsole.Reply.line(CommandParser.TOO_LONG)
                : await(console.onLine(line.text()));
        if (!write(c, reply.text())) {
          return;
        }
        if (reply.refused()) {
          log.warn(
              "management interface: {} closed after {} wrong passwords",
              who,
              ManagementConsole.PASSWORD_TRIES);
        }
        if (reply.close()) {
          return;
        }
      }
    } catch (IOException e) {
      log.debug("management connection {} ended: {}", who, e.toString());
    } finally {
      connections.remove(c);
      closeQuietly(c);
    }
  }

  private static ManagementConsole.Reply await(
      java.util.concurrent.CompletableFuture<ManagementConsole.Reply> f) {
    try {
      return f.get(REPLY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
      return ManagementConsole.Reply.line("ERROR: the gateway did not answer");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new ManagementConsole.Reply("", true, false);
    }
  }

  private static boolean write(SocketChannel c, String text) {
    ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    try {
      while (b.hasRemaining()) {
        c.write(b);
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String describe(java.nio.channels.NetworkChannel c) {
    try {
      SocketAddress a =
          c instanceof SocketChannel s && s.getRemoteAddress() instanceof InetSocketAddress r
              ? r
              : c.getLocalAddress();
      return a instanceof InetSocketAddress i
          ? i.getAddress().getHostAddress() + ":" + i.getPort()
          : String.valueOf(a);
    } catch (IOException e) {
      return "?";
    }
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  /** Stops listening, closes every connection and removes the unix socket file. */
  @Override
  public void close() {
    closed = true;
    closeQuietly(server);
    for (SocketChannel c : connections) {
      closeQuietly(c);
    }
    try {
      acceptor.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (unixSocket != null) {
      try {
        Files.deleteIfExists(unixSocket);
      } catch (IOException e) {
        log.warn("management interface: cannot remove {}: {}", unixSocket, e.getMessage());
      }
    }
  }
}
