package org.p2sgate.core.interop;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.p2sgate.core.config.TlsWrapConfig;
import org.p2sgate.core.control.StaticKey;
import org.p2sgate.core.testing.TestClientConfig;
import org.p2sgate.core.testing.TestOpenVpnClient;
import org.p2sgate.core.testing.TestPki;

/**
 * An attacker's load, run as its own process in a test's client namespace (only at the test's
 * gateway, bounded in time and count):
 *
 * <ul>
 *   <li>{@code udp TARGET PORT TC_KEY SECONDS SOURCES...}: as fast as one core sends, from every
 *       source address in turn: a third HARD_RESETs wrapped with the profile's tls-crypt key (as
 *       anyone holding a profile can send), a third wrapped with a wrong key, a third random
 *       garbage of random length. Prints the packets sent.
 *   <li>{@code tcp TARGET PORT SECONDS PER_SOURCE SOURCES...}: opens PER_SOURCE connections from
 *       each source; half stay silent, half send random garbage now and then; holds them for
 *       SECONDS, then reports how many the gateway closed and how many it refused.
 * </ul>
 */
public final class Flooder {
  private static final long MAX_PACKETS = 200_000_000L;

  private Flooder() {}

  public static void main(String[] args) throws Exception {
    if (args[0].equals("udp")) {
      udp(args);
    } else {
      tcp(args);
    }
  }

  private static void udp(String[] a) throws Exception {
    InetSocketAddress target =
        new InetSocketAddress(InetAddress.getByName(a[1]), Integer.parseInt(a[2]));
    StaticKey key = StaticKey.parse(Files.readString(Path.of(a[3])));
    long end = System.nanoTime() + Long.parseLong(a[4]) * 1_000_000_000L;
    List<DatagramChannel> sources = new ArrayList<>();
    for (int i = 5; i < a.length; i++) {
      DatagramChannel ch = DatagramChannel.open();
      ch.bind(new InetSocketAddress(InetAddress.getByName(a[i]), 0));
      ch.configureBlocking(false);
      sources.add(ch);
    }
    List<byte[]> packets = packets(key);
    long sent = 0;
    long tries = 0;
    ByteBuffer buf = ByteBuffer.allocate(2048);
    while (System.nanoTime() < end && tries < MAX_PACKETS) {
      byte[] p = packets.get((int) (tries % packets.size()));
      buf.clear();
      buf.put(p).flip();
      if (sources.get((int) (tries % sources.size())).send(buf, target) > 0) {
        sent++;
      }
      tries++;
    }
    System.out.println("flood: sent " + sent + " datagrams of " + tries + " tries");
  }

  /** A mix of validly wrapped resets, wrongly wrapped ones and garbage. */
  private static List<byte[]> packets(StaticKey key) {
    TestPki pki = TestPki.create("flood");
    TestPki.Credential cred = pki.client("flood");
    StaticKey wrong = StaticKey.of(new byte[StaticKey.SIZE]);
    Random r = new Random(7);
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      switch (i % 3) {
        case 0 -> out.add(reset(cred, pki, key, i));
        case 1 -> out.add(reset(cred, pki, wrong, i));
        default -> {
          byte[] g = new byte[1 + r.nextInt(1400)];
          r.nextBytes(g);
          out.add(g);
        }
      }
    }
    return out;
  }

  private static byte[] reset(TestPki.Credential cred, TestPki pki, StaticKey key, long seed) {
    TestClientConfig cfg =
        TestClientConfig.of(cred, pki.ca().cert())
            .withWrap(new TlsWrapConfig(TlsWrapConfig.Mode.TLS_CRYPT, key, -1, "SHA256"))
            .withSeed(seed);
    return new TestOpenVpnClient(cfg, System.currentTimeMillis()).start(0).poll(0).get(0);
  }

  private static void tcp(String[] a) throws Exception {
    InetSocketAddress target =
        new InetSocketAddress(InetAddress.getByName(a[1]), Integer.parseInt(a[2]));
    long holdMs = Long.parseLong(a[3]) * 1000;
    int perSource = Integer.parseInt(a[4]);
    List<SocketChannel> open = new ArrayList<>();
    int refused = 0;
    for (int i = 5; i < a.length; i++) {
      for (int k = 0; k < perSource; k++) {
        try {
          SocketChannel ch = SocketChannel.open();
          ch.setOption(StandardSocketOptions.SO_LINGER, 0);
          ch.bind(new InetSocketAddress(InetAddress.getByName(a[i]), 0));
          ch.connect(target);
          ch.configureBlocking(false);
          open.add(ch);
        } catch (IOException e) {
          refused++;
        }
      }
    }
    System.out.println("flood: " + open.size() + " connections open, " + refused + " refused");
    Random r = new Random(11);
    long end = System.currentTimeMillis() + holdMs;
    ByteBuffer in = ByteBuffer.allocate(4096);
    int closedByGateway = 0;
    boolean[] gone = new boolean[open.size()];
    while (System.currentTimeMillis() < end) {
      for (int i = 0; i < open.size(); i++) {
        if (gone[i]) {
          continue;
        }
        SocketChannel ch = open.get(i);
        try {
          in.clear();
          if (ch.read(in) < 0) {
            gone[i] = true;
            closedByGateway++;
            continue;
          }
          if (i % 2 == 1) {
            byte[] g = new byte[2 + r.nextInt(200)];
            r.nextBytes(g);
            ch.write(ByteBuffer.wrap(g));
          }
        } catch (IOException e) {
          gone[i] = true;
          closedByGateway++;
        }
      }
      Thread.sleep(200);
    }
    for (SocketChannel ch : open) {
      ch.close();
    }
    System.out.println(
        "flood: " + closedByGateway + " of " + open.size() + " closed by the gateway");
  }
}
