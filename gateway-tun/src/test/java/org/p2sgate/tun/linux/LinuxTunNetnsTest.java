package org.p2sgate.tun.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.p2sgate.tun.TunSpec;
import org.p2sgate.tun.testing.Packets;

/**
 * LinuxTun against the real kernel. Needs root: it fails (does not skip) without it, because CI
 * runs as root and a silent skip would hide a broken TUN path.
 *
 * <p>The device lives in the test JVM's own network namespace (a JVM cannot switch namespaces), so
 * it is made safe instead: a kernel-numbered name {@code p2stest%d}, a random /24 from
 * 100.64.0.0/10 that no interface or route on the machine uses, traffic only to addresses of that
 * /24, and removal of the device after each test.
 */
@Tag("netns")
@Timeout(30)
class LinuxTunNetnsTest {

  static final int OFFSET = 24;
  static final int MTU = 1400;
  static final int PEER_PORT = 40000;

  TunSpec spec;
  Inet4Address local; // the TUN's own address, .1
  Inet4Address peer; // another address in the TUN subnet, .2
  LinuxTun tun;
  final ExecutorService reader = Executors.newSingleThreadExecutor();

  @BeforeEach
  void createTun() throws Exception {
    requireRoot();
    String prefix = freeSubnet();
    local = (Inet4Address) InetAddress.getByName(prefix + ".1");
    peer = (Inet4Address) InetAddress.getByName(prefix + ".2");
    spec = new TunSpec("p2stest%d", MTU, local, 24);
    tun = LinuxTun.create(spec);
  }

  @AfterEach
  void removeTun() throws Exception {
    reader.shutdownNow();
    if (tun != null) {
      tun.close();
      if (linkExists(tun.name())) {
        IpLink.run("link", "del", "dev", tun.name());
        fail("device " + tun.name() + " outlived close()");
      }
    }
    assertTrue(reader.awaitTermination(2, TimeUnit.SECONDS), "reader thread still running");
  }

  static void requireRoot() throws IOException {
    String uid =
        Files.readAllLines(Path.of("/proc/self/status")).stream()
            .filter(l -> l.startsWith("Uid:"))
            .findFirst()
            .orElse("Uid: ?");
    String effective = uid.split("\\s+")[2];
    if (!effective.equals("0") || !LinuxTun.isSupported()) {
      fail(
          "LinuxTunNetnsTest (tag 'netns') needs root and /dev/net/tun, but euid="
              + effective
              + ", /dev/net/tun exists="
              + Files.exists(Path.of("/dev/net/tun"))
              + ". Run as root (CI does) or exclude the tag: -Dtest.excludedGroups=netns");
    }
  }

  /** "100.a.b" for a /24 that no address or route on this machine mentions. */
  static String freeSubnet() throws IOException {
    String used =
        IpLink.run("-4", "-o", "address", "show")
            + "\n"
            + IpLink.run("-4", "route", "show", "table", "all");
    for (int attempt = 0; attempt < 50; attempt++) {
      ThreadLocalRandom r = ThreadLocalRandom.current();
      String prefix = "100." + (64 + r.nextInt(64)) + "." + r.nextInt(256);
      if (!used.contains(prefix + ".")) {
        return prefix;
      }
    }
    throw new IllegalStateException("no free /24 in 100.64.0.0/10");
  }

  static boolean linkExists(String name) throws Exception {
    Process p =
        new ProcessBuilder("ip", "link", "show", "dev", name).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor() == 0;
  }

  /** Open fds of this JVM on /dev/net/tun (all fds would count JNA's lazily opened files too). */
  static long openTunFds() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(LinuxTunNetnsTest::isTunFd).count();
    }
  }

  private static boolean isTunFd(Path fd) {
    try {
      return Files.readSymbolicLink(fd).toString().equals(TunControl.DEV_NET_TUN);
    } catch (IOException e) {
      return false; // closed meanwhile, e.g. the directory stream's own fd
    }
  }

  /** Reads batches until one holds a packet matching {@code want}; returns that batch. */
  List<byte[]> readUntil(Predicate<byte[]> want, int bufSize) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    while (System.nanoTime() < deadline) {
      List<byte[]> batch = readBatch(bufSize);
      if (batch.stream().anyMatch(want)) {
        return batch;
      }
    }
    throw new AssertionError("no matching packet read from " + tun.name() + " within 3 s");
  }

  /** One read() on the reader thread, bounded by a timeout; packets copied out without headroom. */
  List<byte[]> readBatch(int bufSize) throws Exception {
    byte[][] bufs = new byte[tun.batchSize()][OFFSET + bufSize];
    int[] sizes = new int[bufs.length];
    Future<Integer> f = reader.submit(() -> tun.read(bufs, sizes, OFFSET));
    int n = f.get(3, TimeUnit.SECONDS);
    assertTrue(n > 0, "read returned " + n);
    List<byte[]> packets = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      packets.add(Arrays.copyOfRange(bufs[i], OFFSET, OFFSET + sizes[i]));
    }
    return packets;
  }

  /** IPv4 UDP to peer:port; the kernel may also route IPv6 link noise into the TUN. */
  Predicate<byte[]> udpToPeer(int port) {
    return p ->
        Packets.version(p, 0) == 4
            && Packets.protocol4(p, 0) == Packets.IPPROTO_UDP
            && Packets.dstAddress4(p, 0).equals(peer)
            && Packets.udpDstPort4(p, 0) == port;
  }

  @Test
  void deviceExistsWithKernelChosenNameMtuAddressAndUp() throws Exception {
    assertTrue(tun.name().matches("p2stest\\d+"), tun.name());
    String link = IpLink.run("link", "show", "dev", tun.name());
    assertTrue(link.contains("mtu " + MTU) && link.contains(",UP"), link);
    String addr = IpLink.run("-4", "address", "show", "dev", tun.name());
    assertTrue(addr.contains(spec.cidr()), addr);
    assertEquals(MTU, tun.mtu());
    assertTrue(link.contains("qlen 500"), "the kernel's queue length unless asked: " + link);
  }

  @Test
  void theQueueLengthAskedForIsSetOnEveryQueue() throws Exception {
    tun.close();
    TunSpec longer =
        new TunSpec(spec.name(), MTU, local, 24, null, 0, 2000); // decision 36's default is 1000
    tun = LinuxTun.create(longer, 2);
    String link = IpLink.run("link", "show", "dev", tun.name());
    assertTrue(link.contains("qlen 2000"), link);
    assertWriteReachesASocket(tun.queue(1), "through a queue of 2000");
  }

  @Test
  void whatTheKernelCouldNotQueueIsCountedAsQueueOverflows() throws Exception {
    tun.close();
    tun = LinuxTun.create(new TunSpec(spec.name(), MTU, local, 24, null, 0, 16));
    long before = tun.queueOverflows();
    try (DatagramSocket out = new DatagramSocket(new InetSocketAddress(local, 0))) {
      for (int i = 0; i < 100; i++) { // into the device, which nobody reads
        out.send(new DatagramPacket(new byte[64], 64, new InetSocketAddress(peer, 9)));
      }
    }
    long overflows = tun.queueOverflows() - before;
    assertTrue(overflows >= 80 && overflows <= 100, "16 queued, the rest dropped: " + overflows);
  }

  @Test
  void packetWrittenToOwnAddressIsDeliveredToSocket() throws Exception {
    assertWriteReachesASocket(tun, "into the tun");
  }

  /**
   * Writes a UDP packet from the peer to a local socket through {@code queue}; it must arrive
   * there, payload and source intact.
   */
  void assertWriteReachesASocket(org.p2sgate.tun.TunDevice queue, String text) throws Exception {
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(local, 0))) {
      socket.setSoTimeout(3000);
      byte[] payload = text.getBytes(StandardCharsets.US_ASCII);
      byte[] pkt = Packets.udp4(peer, PEER_PORT, local, socket.getLocalPort(), payload);
      byte[] buf = new byte[OFFSET + pkt.length];
      System.arraycopy(pkt, 0, buf, OFFSET, pkt.length);
      assertEquals(1, queue.write(new byte[][] {buf}, new int[] {pkt.length}, OFFSET, 1));

      DatagramPacket got = new DatagramPacket(new byte[100], 100);
      socket.receive(got);
      assertArrayEquals(payload, Arrays.copyOf(got.getData(), got.getLength()));
      assertEquals(new InetSocketAddress(peer, PEER_PORT), got.getSocketAddress());
    }
  }

  @Test
  void echoRequestWrittenToOwnAddressIsAnsweredIntoTheTun() throws Exception {
    byte[] ping = Packets.icmpEcho4(peer, local, 0x4242, 1, new byte[] {1, 2, 3, 4});
    assertEquals(1, tun.write(new byte[][] {ping}, new int[] {ping.length}, 0, 1));
    List<byte[]> batch =
        readUntil(
            p ->
                Packets.version(p, 0) == 4
                    && Packets.protocol4(p, 0) == Packets.IPPROTO_ICMP
                    && p[20] == Packets.ICMP_ECHO_REPLY
                    && Packets.dstAddress4(p, 0).equals(peer),
            MTU);
    assertFalse(batch.isEmpty());
  }

  /**
   * Segments of one TCP flow written in one batch reach the kernel as one GSO packet, and the
   * kernel's TCP takes every byte, in order: a connection to a socket on the TUN's own address,
   * opened by hand from the peer's side.
   */
  @Test
  void tcpSegmentsWrittenInOneBatchGoAsOneGsoPacketAndArriveWhole() throws Exception {
    assertTrue(tun.coalesces(), "IFF_VNET_HDR is on by default");
    try (ServerSocket server = new ServerSocket()) {
      server.bind(new InetSocketAddress(local, 0));
      server.setSoTimeout(3000);
      int port = server.getLocalPort();
      long isn = 0x7fff_f000L;
      byte[] syn = tcp(port, isn, 0, Packets.TCP_SYN, new byte[0], 1);
      tun.write(new byte[][] {syn}, new int[] {syn.length}, 0, 1);
      byte[] synAck =
          readUntil(tcpFrom(port, Packets.TCP_SYN | Packets.TCP_ACK), MTU).stream()
              .filter(tcpFrom(port, Packets.TCP_SYN | Packets.TCP_ACK))
              .findFirst()
              .orElseThrow();
      long serverSeq = u32(synAck, 24) + 1;
      byte[] ack = tcp(port, isn + 1, serverSeq, Packets.TCP_ACK, new byte[0], 2);
      tun.write(new byte[][] {ack}, new int[] {ack.length}, 0, 1);
      try (java.net.Socket accepted = server.accept()) {
        byte[] data = new byte[4000];
        ThreadLocalRandom.current().nextBytes(data);
        byte[][] segments = new byte[4][];
        for (int k = 0; k < 4; k++) {
          int flags = k == 3 ? Packets.TCP_ACK | Packets.TCP_PSH : Packets.TCP_ACK;
          byte[] piece = Arrays.copyOfRange(data, 1000 * k, 1000 * (k + 1));
          byte[] seg = tcp(port, isn + 1 + 1000L * k, serverSeq, flags, piece, 3 + k);
          segments[k] = new byte[OFFSET + seg.length];
          System.arraycopy(seg, 0, segments[k], OFFSET, seg.length);
        }
        int[] sizes = new int[4];
        Arrays.fill(sizes, segments[0].length - OFFSET);
        assertEquals(4, tun.write(segments, sizes, OFFSET, 4));
        assertEquals(1, tun.gsoWrites(), "one GSO packet");
        assertEquals(4, tun.gsoSegments(), "of 4 segments");
        accepted.setSoTimeout(3000);
        byte[] got = accepted.getInputStream().readNBytes(4000);
        assertArrayEquals(data, got);
        long acked = isn + 1 + 4000;
        readUntil(p -> tcpFrom(port, Packets.TCP_ACK).test(p) && u32(p, 28) == acked, MTU);
      }
    }
  }

  private byte[] tcp(int port, long seq, long ack, int flags, byte[] payload, int id) {
    return Packets.tcp4(
        peer, PEER_PORT, local, port, seq, ack, flags, 65535, new byte[0], payload, id);
  }

  private Predicate<byte[]> tcpFrom(int port, int flags) {
    return p ->
        Packets.version(p, 0) == 4
            && Packets.protocol4(p, 0) == Packets.IPPROTO_TCP
            && Packets.dstAddress4(p, 0).equals(peer)
            && ((p[20] & 0xff) << 8 | (p[21] & 0xff)) == port
            && (p[33] & 0xff) == flags;
  }

  private static long u32(byte[] p, int at) {
    return ((p[at] & 0xffL) << 24)
        | ((p[at + 1] & 0xff) << 16)
        | ((p[at + 2] & 0xff) << 8)
        | (p[at + 3] & 0xff);
  }

  @Test
  void datagramsToTheSubnetAreReadBackInOneBatch() throws Exception {
    int count = 8;
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(local, 0))) {
      for (int i = 0; i < count; i++) {
        byte[] payload = ("dgram-" + i).getBytes(StandardCharsets.US_ASCII);
        socket.send(new DatagramPacket(payload, payload.length, peer, 9999));
      }
    }
    // all eight are queued in the TUN before read() starts, so one call must return them all
    List<byte[]> batch = readUntil(udpToPeer(9999), MTU);
    List<String> payloads =
        batch.stream()
            .filter(udpToPeer(9999))
            .map(p -> new String(Packets.udpPayload4(p, 0), StandardCharsets.US_ASCII))
            .toList();
    assertEquals(count, payloads.size(), "one batch: " + payloads);
    for (int i = 0; i < count; i++) {
      assertEquals("dgram-" + i, payloads.get(i));
    }
    // the batch may also hold the kernel's own IPv6 packets (router solicitation, MLD) for a
    // device that just came up: the source is checked on the datagrams only
    List<byte[]> ours = batch.stream().filter(udpToPeer(9999)).toList();
    assertEquals(local, Packets.srcAddress4(ours.get(ours.size() - 1), 0));
  }

  @Test
  void oversizedPacketIsDroppedNotTruncated() throws Exception {
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(local, 0))) {
      socket.send(new DatagramPacket(new byte[300], 300, peer, 9998));
      socket.send(new DatagramPacket(new byte[10], 10, peer, 9998));
    }
    List<byte[]> batch = readUntil(udpToPeer(9998), 100);
    List<byte[]> udp = batch.stream().filter(udpToPeer(9998)).toList();
    assertEquals(1, udp.size());
    assertEquals(20 + 8 + 10, udp.get(0).length);
    assertTrue(tun.droppedPackets() >= 1, "dropped " + tun.droppedPackets());
  }

  @Test
  void sameNameAgainFailsClearlyWithoutLeakingAnFd() throws Exception {
    long before = openTunFds();
    TunSpec again = new TunSpec(tun.name(), MTU, local, 24);
    IOException e = assertThrows(IOException.class, () -> LinuxTun.create(again));
    assertTrue(
        e.getMessage().contains(tun.name()) && e.getMessage().contains("(errno 16)"),
        e.getMessage());
    assertEquals(before, openTunFds(), "fd leaked by a failed create");
  }

  @Test
  void closeUnblocksPendingReadAndRemovesDevice() throws Exception {
    long withTun = openTunFds();
    assertEquals(1, withTun, "fds on /dev/net/tun");
    byte[][] bufs = new byte[4][OFFSET + MTU];
    int[] sizes = new int[4];
    Future<Integer> pending =
        reader.submit(
            () -> {
              int n;
              do { // skip any IPv6 link noise until close
                n = tun.read(bufs, sizes, OFFSET);
              } while (n > 0);
              return n;
            });
    Thread.sleep(300);
    assertFalse(pending.isDone(), "read returned with nothing to read");
    long start = System.nanoTime();
    tun.close();
    assertEquals(-1, pending.get(1, TimeUnit.SECONDS));
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(elapsedMs < 1000, "close + unblock took " + elapsedMs + " ms");
    assertFalse(linkExists(tun.name()), tun.name() + " still exists after close");
    assertEquals(withTun - 1, openTunFds(), "the TUN fd was not closed");
    tun.close(); // idempotent
    assertEquals(-1, tun.read(bufs, sizes, OFFSET));
    assertThrows(
        java.nio.channels.ClosedChannelException.class,
        () -> tun.write(bufs, new int[] {20}, OFFSET, 1));
  }

  @Test
  void aMultiQueueDeviceTakesWritesOnEveryQueueAndSpreadsFlowsOverThem() throws Exception {
    tun.close();
    long before = openTunFds();
    tun = LinuxTun.create(spec, 2);
    assertEquals(2, tun.queueCount());
    assertEquals(before + 2, openTunFds(), "one fd per queue");
    String link = IpLink.run("link", "show", "dev", tun.name());
    assertTrue(link.contains(",UP"), link);

    // a write through the second queue reaches a local socket
    assertWriteReachesASocket(tun.queue(1), "via queue 1");

    // 64 flows into the device: each packet comes out of exactly one queue, and both are used
    int flows = 64;
    java.util.Set<Integer> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
    int[] perQueue = new int[2];
    ExecutorService readers = Executors.newFixedThreadPool(2);
    try (DatagramSocket out = new DatagramSocket(new InetSocketAddress(local, 0))) {
      List<Future<?>> done = new ArrayList<>();
      for (int q = 0; q < 2; q++) {
        int mine = q;
        done.add(
            readers.submit(
                () -> {
                  byte[][] bufs = new byte[tun.batchSize()][OFFSET + 2048];
                  int[] sizes = new int[bufs.length];
                  while (true) {
                    int n = tun.queue(mine).read(bufs, sizes, OFFSET);
                    if (n < 0) {
                      return null; // closed
                    }
                    for (int i = 0; i < n; i++) {
                      byte[] p = Arrays.copyOfRange(bufs[i], OFFSET, OFFSET + sizes[i]);
                      if (Packets.version(p, 0) == 4
                          && Packets.protocol4(p, 0) == Packets.IPPROTO_UDP
                          && Packets.dstAddress4(p, 0).equals(peer)) {
                        assertTrue(seen.add(Packets.udpDstPort4(p, 0)), "read twice");
                        synchronized (perQueue) {
                          perQueue[mine]++;
                        }
                      }
                    }
                  }
                }));
      }
      for (int f = 0; f < flows; f++) {
        byte[] b = {(byte) f};
        out.send(new DatagramPacket(b, 1, new InetSocketAddress(peer, PEER_PORT + f)));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
      while (seen.size() < flows && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      Thread.sleep(200); // a packet read twice would show now
      tun.close(); // both readers see it within a poll timeout
      for (Future<?> d : done) {
        d.get(2, TimeUnit.SECONDS);
      }
    } finally {
      readers.shutdownNow();
    }
    assertEquals(flows, seen.size(), "every flow read once");
    assertTrue(perQueue[0] > 0 && perQueue[1] > 0, "both queues: " + Arrays.toString(perQueue));
    assertEquals(before, openTunFds(), "closing the first queue closes them all");
  }
}
