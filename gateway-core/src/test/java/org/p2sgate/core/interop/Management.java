package org.p2sgate.core.interop;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The real openvpn client's management interface, as a GUI uses it: the client holds until released
 * and asks for its username and password here ({@code management-query-passwords}), so a test can
 * answer dynamic (CRV1) and static challenges the way a user would. The socket is a unix socket in
 * the test folder, reachable from the test's own network namespace.
 */
final class Management implements AutoCloseable {
  private final SocketChannel channel;
  private final Writer out;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final StringBuilder transcript = new StringBuilder();

  private Management(SocketChannel channel) {
    this.channel = channel;
    this.out = Channels.newWriter(channel, StandardCharsets.UTF_8);
    BufferedReader in =
        new BufferedReader(Channels.newReader(channel, StandardCharsets.UTF_8), 64 * 1024);
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                for (String line; (line = in.readLine()) != null; ) {
                  if (line.startsWith(">HOLD:")) {
                    send("hold release");
                  }
                  lines.add(line);
                }
              } catch (IOException e) {
                // the client exited or the test closed the socket
              }
            });
  }

  /** The client config lines that make the client wait for this interface and ask it. */
  static List<String> clientLines(Path socket) {
    return List.of(
        "management " + socket + " unix",
        "management-hold",
        "management-query-passwords",
        "auth-retry interact",
        "auth-user-pass");
  }

  /** Connects once the client has created {@code socket}; fails if it exits first. */
  static Management connect(Path socket, Process client, Path clientLog) throws Exception {
    long deadline = System.currentTimeMillis() + 15_000;
    while (System.currentTimeMillis() < deadline) {
      if (Files.exists(socket)) {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        return new Management(ch);
      }
      if (!client.isAlive()) {
        fail(
            "openvpn exited before opening its management socket:\n" + Testbed.tail(clientLog, 30));
      }
      Thread.sleep(50);
    }
    fail("no management socket after 15 s:\n" + Testbed.tail(clientLog, 30));
    return null;
  }

  /**
   * The next line starting with {@code prefix}; earlier lines are skipped (and kept for errors).
   */
  String await(String prefix, long timeoutMs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    for (long left = timeoutMs; left > 0; left = deadline - System.currentTimeMillis()) {
      String line = lines.poll(left, TimeUnit.MILLISECONDS);
      if (line == null) {
        break;
      }
      transcript.append(line).append('\n');
      if (line.startsWith(prefix)) {
        return line;
      }
    }
    fail("no management line '" + prefix + "' after " + timeoutMs + " ms; saw:\n" + transcript);
    return null;
  }

  /** Answers the client's {@code Auth} query. */
  void credentials(String username, String password) {
    send("username \"Auth\" " + quote(username));
    send("password \"Auth\" " + quote(password));
  }

  synchronized void send(String command) {
    try {
      out.write(command + "\n");
      out.flush();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("management interface closed", e);
    }
  }

  private static String quote(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
