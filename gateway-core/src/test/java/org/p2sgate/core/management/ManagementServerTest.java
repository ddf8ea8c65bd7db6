package org.p2sgate.core.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The socket edge on loopback and on a unix socket in a temporary folder. */
@Timeout(30)
class ManagementServerTest {
  @TempDir Path dir;

  final FakeGateway gw = new FakeGateway().withTwo();

  /** A client that reads what the server sends until a marker. */
  static final class Client implements AutoCloseable {
    final SocketChannel ch;
    final InputStream in;

    Client(SocketAddress at) throws IOException {
      ch =
          SocketChannel.open(
              at instanceof UnixDomainSocketAddress
                  ? StandardProtocolFamily.UNIX
                  : StandardProtocolFamily.INET);
      ch.connect(at);
      in = Channels.newInputStream(ch);
    }

    void send(String text) throws IOException {
      ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
      while (b.hasRemaining()) {
        ch.write(b);
      }
    }

    /** Reads until the text read ends with {@code end}; fails at the end of the stream. */
    String until(String end) throws IOException {
      StringBuilder b = new StringBuilder();
      while (!b.toString().endsWith(end)) {
        int c = in.read();
        if (c < 0) {
          throw new IOException("closed after: " + b);
        }
        b.append((char) c);
      }
      return b.toString();
    }

    boolean closedByServer() throws IOException {
      return in.read() < 0;
    }

    @Override
    public void close() throws IOException {
      ch.close();
    }
  }

  @Test
  void loopbackWithPasswordAndBoundedLines() throws Exception {
    try (ManagementServer s =
            ManagementServer.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                ManagementConsoleTest.host(gw, "pw"));
        Client c = new Client(s.address())) {
      assertEquals("ENTER PASSWORD:", c.until(":"));
      c.send("pw\r\n");
      assertTrue(c.until("for more info\r\n").startsWith("SUCCESS: password is correct\r\n>INFO:"));
      c.send("x".repeat(100_000) + "\n");
      assertEquals("ERROR: line too long (at most 1024 bytes)\r\n", c.until("\r\n"));
      c.send("load-stats\n");
      assertEquals("SUCCESS: nclients=2,bytesin=5501,bytesout=5363\r\n", c.until("\r\n"));
      c.send("status 3\nkill bob\n");
      String out = c.until("killed\r\n");
      assertTrue(out.startsWith("TITLE\t"), out);
      assertTrue(out.endsWith("END\r\nSUCCESS: common name 'bob' found, 1 client(s) killed\r\n"));
      c.send("quit\n");
      assertTrue(c.closedByServer());
    }
  }

  @Test
  void threeWrongPasswordsCloseTheConnection() throws Exception {
    try (ManagementServer s =
            ManagementServer.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                ManagementConsoleTest.host(gw, "pw"));
        Client c = new Client(s.address())) {
      c.send("a\nb\nc\nstatus\n");
      assertEquals(
          "ENTER PASSWORD:".repeat(3), new String(c.in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void unixSocketOwnerOnlyAndRemovedOnClose() throws Exception {
    Path sock = dir.resolve("mgmt.sock");
    Files.writeString(dir.resolve("regular"), "x");
    assertThrows(
        IOException.class,
        () ->
            ManagementServer.start(
                UnixDomainSocketAddress.of(dir.resolve("regular")),
                ManagementConsoleTest.host(gw, null)));
    try (ManagementServer s =
        ManagementServer.start(
            UnixDomainSocketAddress.of(sock), ManagementConsoleTest.host(gw, null))) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock)));
      try (Client c = new Client(UnixDomainSocketAddress.of(sock))) {
        assertTrue(c.until("\r\n").startsWith(">INFO:OpenVPN Management Interface Version 5"));
        c.send("pid\n");
        assertEquals("SUCCESS: pid=4242\r\n", c.until("\r\n"));
      }
    }
    assertFalse(Files.exists(sock));
  }

  @Test
  void aNonLoopbackAddressIsRefused() {
    assertThrows(
        IOException.class,
        () ->
            ManagementServer.start(
                new InetSocketAddress("0.0.0.0", 0), ManagementConsoleTest.host(gw, null)));
  }

  @Test
  void connectionsAreBounded() throws Exception {
    List<Client> open = new ArrayList<>();
    try (ManagementServer s =
        ManagementServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            ManagementConsoleTest.host(gw, null))) {
      for (int i = 0; i < ManagementServer.MAX_CONNECTIONS; i++) {
        Client c = new Client(s.address());
        open.add(c);
        c.until("\r\n");
      }
      try (Client extra = new Client(s.address())) {
        assertEquals("ERROR: too many management connections (at most 8)\r\n", extra.until("\r\n"));
        assertTrue(extra.closedByServer());
      }
      open.get(0).send("quit\n");
      assertTrue(open.get(0).closedByServer());
      long deadline = System.currentTimeMillis() + 5000;
      String greeting = "";
      while (System.currentTimeMillis() < deadline && !greeting.startsWith(">INFO")) {
        try (Client again = new Client(s.address())) {
          greeting = again.until("\r\n");
        }
      }
      assertTrue(greeting.startsWith(">INFO"), "a slot is free again after quit: " + greeting);
    } finally {
      for (Client c : open) {
        c.close();
      }
    }
  }
}
