package org.p2sgate.core.interop;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A TCP connection to a server's management interface on 127.0.0.1 inside the gateway namespace
 * (where the test JVM cannot connect itself): {@code socat} in that namespace bridges its stdin and
 * stdout to the socket. Everything received is kept, so a reply is read up to a marker.
 */
final class ServerManagement implements AutoCloseable {
  private final Process socat;
  private final OutputStream out;
  private final StringBuffer received = new StringBuffer();
  private int consumed;
  private volatile boolean ended;

  private ServerManagement(Process socat) {
    this.socat = socat;
    this.out = socat.getOutputStream();
    InputStream in = socat.getInputStream();
    Thread.ofVirtual()
        .start(
            () -> {
              byte[] buf = new byte[8192];
              try {
                for (int n; (n = in.read(buf)) > 0; ) {
                  received.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                }
              } catch (IOException e) {
                // socat ended
              } finally {
                ended = true;
              }
            });
  }

  /** Connects to {@code 127.0.0.1:port} in {@code bed}'s gateway namespace. */
  static ServerManagement connect(Testbed bed, int port) throws IOException {
    Process p =
        new ProcessBuilder(
                List.of("ip", "netns", "exec", bed.gateway, "socat", "-", "TCP:127.0.0.1:" + port))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    return new ServerManagement(p);
  }

  void send(String line) throws IOException {
    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** What arrives next, up to and including {@code marker}; fails after {@code timeoutMs}. */
  String until(String marker, long timeoutMs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (System.currentTimeMillis() < deadline) {
      int at = received.indexOf(marker, consumed);
      if (at >= 0) {
        String reply = received.substring(consumed, at + marker.length());
        consumed = at + marker.length();
        return reply;
      }
      if (ended && received.indexOf(marker, consumed) < 0) {
        break;
      }
      Thread.sleep(20);
    }
    fail("no '" + marker.strip() + "' from the management interface; got: " + rest());
    return null;
  }

  /** Sends a command and returns its one-line reply (without CRLF). */
  String line(String command) throws Exception {
    send(command);
    String r = until("\r\n", 10_000);
    return r.substring(0, r.length() - 2);
  }

  /** Sends a command and returns its reply's lines up to and including {@code END}. */
  List<String> block(String command) throws Exception {
    send(command);
    return List.of(until("\r\nEND\r\n", 10_000).split("\r\n"));
  }

  /** Whether the server closed the connection within {@code timeoutMs}. */
  boolean closedWithin(long timeoutMs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (!ended && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    return ended;
  }

  /** What arrived and was not yet read. */
  String rest() {
    return received.substring(consumed);
  }

  @Override
  public void close() throws InterruptedException {
    socat.destroy();
    if (!socat.waitFor(3, TimeUnit.SECONDS)) {
      socat.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
    }
  }
}
