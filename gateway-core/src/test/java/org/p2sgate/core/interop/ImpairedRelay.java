package org.p2sgate.core.interop;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.p2sgate.tun.TunDevice;
import org.p2sgate.tun.TunSpec;
import org.p2sgate.tun.linux.LinuxTun;

/**
 * An impaired link in user space, for kernels without {@code sch_netem}: a router namespace whose
 * forwarding path between client and gateway runs through this program, which loses, delays and
 * reorders whole IP packets, so UDP and TCP alike meet real loss (the client's and gateway's TCP
 * stacks see it and retransmit) and real reordering.
 *
 * <h2>Design</h2>
 *
 * <pre>
 *  client ns             router ns ({@link Testbed#Testbed(int, boolean)})              gateway ns
 *  198.18.2.2 --veth-- rc 198.18.2.1                      rg 198.18.0.2 --veth-- 198.18.0.1
 *                        |  rule: iif rc -> table 100: default dev imp-c               |
 *                        |  rule: iif rg -> table 101: default dev imp-g               |
 *                        v                                                              ^
 *                      imp-c (TUN)  ==read==> ImpairedRelay ==write==>  imp-g (TUN) --main table
 *                      imp-c (TUN) <==write== ImpairedRelay <==read==   imp-g (TUN)
 * </pre>
 *
 * A packet from the client enters the router on its veth {@code rc}; a policy rule sends everything
 * that arrives there out of TUN {@code imp-c}, where this process reads it. After the impairment it
 * is written into TUN {@code imp-g}: the kernel sees it arrive there, and the main table forwards
 * it out of veth {@code rg} to the gateway. The way back is the mirror image. The router's own
 * addresses stay reachable (the local table is looked up before the policy rules), and the TUN
 * devices carry /32 addresses of their own only so that the kernel has a source for ICMP errors.
 *
 * <p>Each direction is impaired independently, as {@code tc qdisc add dev X root netem loss 5%
 * delay 100ms 10ms reorder 5%} on the egress of each router interface would: for each packet, three
 * numbers are drawn from a {@link SplittableRandom} seeded per direction from {@code seed} (always
 * three, so the sequence of decisions depends only on the seed and the packet's index in its
 * direction): it is lost with probability {@code loss}; otherwise it is either sent at once with
 * probability {@code reorder} (it overtakes the packets still held back, like netem's reorder) or
 * held for {@code delay} plus a uniform jitter of 0 to {@code jitter} ms (packets closer together
 * than the jitter may swap too). The delays themselves depend on the clock, so only the decisions
 * are deterministic, not the wire timing.
 *
 * <p>Bounds: each direction holds at most {@code limit} packets (netem's default is 1000; more are
 * dropped and counted as overflow); the process ends by itself after {@code max-seconds}; every
 * wait is a timed one (TUN reads poll for at most {@link LinuxTun#POLL_TIMEOUT_MILLIS}, the sender
 * waits at most 100 ms at a time), so SIGTERM, the deadline or a closed TUN ends every thread
 * within a fraction of a second. It prints its counters every two seconds and once more at exit, as
 * {@code stats c2g in=.. lost=.. reordered=.. overflow=.. out=.. | g2c ...}.
 *
 * <p>Run as {@code java -cp <test classpath> org.p2sgate.core.interop.ImpairedRelay key=value...}
 * inside the router namespace ({@link #start} does that and installs the policy routes); it prints
 * {@code relay ready} once both TUN devices are up.
 */
final class ImpairedRelay {
  static final String CLIENT_TUN = "imp-c";
  static final String GATEWAY_TUN = "imp-g";
  static final String READY = "relay ready";
  private static final Pattern STATS =
      Pattern.compile(
          "stats c2g in=(\\d+) lost=(\\d+) reordered=(\\d+) overflow=(\\d+) out=(\\d+)"
              + " \\| g2c in=(\\d+) lost=(\\d+) reordered=(\\d+) overflow=(\\d+) out=(\\d+)");

  /**
   * What the link does to each direction.
   *
   * @param loss probability that a packet is lost, 0 to 1
   * @param delayMs delay of a packet that is not reordered
   * @param jitterMs extra delay, uniform from 0 to this
   * @param reorder probability that a packet skips the delay and overtakes those held back
   * @param limit packets held per direction at most; more are dropped (overflow)
   * @param seed seeds both directions' decisions
   */
  record Impairment(
      double loss, long delayMs, long jitterMs, double reorder, int limit, long seed) {
    List<String> args() {
      return List.of(
          "loss=" + loss,
          "delay-ms=" + delayMs,
          "jitter-ms=" + jitterMs,
          "reorder=" + reorder,
          "limit=" + limit,
          "seed=" + seed);
    }

    @Override
    public String toString() {
      return String.format(
          "loss %.1f%%, delay %d ms + 0..%d ms, reorder %.1f%% each way (seed %d)",
          loss * 100, delayMs, jitterMs, reorder * 100, seed);
    }
  }

  /** A direction's counters, as the relay last printed them. */
  record Counts(long in, long lost, long reordered, long overflow, long out) {}

  /** The running relay in the router namespace. */
  static final class Handle {
    final Process process;
    final Path log;

    Handle(Process process, Path log) {
      this.process = process;
      this.log = log;
    }

    /** The last counters printed, client to gateway then gateway to client. */
    Counts[] counts() throws IOException {
      Matcher m = STATS.matcher(Testbed.read(log));
      Counts[] last = null;
      while (m.find()) {
        long[] v = new long[10];
        for (int i = 0; i < 10; i++) {
          v[i] = Long.parseLong(m.group(i + 1));
        }
        last =
            new Counts[] {
              new Counts(v[0], v[1], v[2], v[3], v[4]), new Counts(v[5], v[6], v[7], v[8], v[9])
            };
      }
      if (last == null) {
        throw new IllegalStateException("relay printed no stats:\n" + Testbed.tail(log, 20));
      }
      return last;
    }

    String lastStats() throws IOException {
      Matcher m = Pattern.compile("stats c2g[^\n]*").matcher(Testbed.read(log));
      String last = "(none)";
      while (m.find()) {
        last = m.group();
      }
      return last;
    }

    /** SIGTERM (the relay prints its final counters), SIGKILL after 5 s. */
    boolean stop() {
      return Testbed.stop(process, 5000);
    }
  }

  /**
   * Starts the relay in {@code bed}'s router namespace, waits for its TUN devices and sends the
   * forwarding path through them. Stopped by {@link Handle#stop} or by the bed's close.
   */
  static Handle start(Testbed bed, Impairment imp, int maxSeconds) throws Exception {
    if (bed.router == null) {
      throw new IllegalStateException("the testbed has no router namespace");
    }
    Path log = bed.dir.resolve("relay.log");
    List<String> args = new ArrayList<>(imp.args());
    args.add("max-seconds=" + maxSeconds);
    Process p =
        bed.startJava(
            bed.router,
            log,
            List.of("--enable-native-access=ALL-UNNAMED", "-Xmx96m", "-XX:+UseSerialGC"),
            ImpairedRelay.class,
            args);
    Testbed.awaitLog(log, READY, p, 30_000);
    String r = bed.router;
    Sh.ns(r, "ip", "route", "add", "default", "dev", CLIENT_TUN, "table", "100");
    Sh.ns(r, "ip", "route", "add", "default", "dev", GATEWAY_TUN, "table", "101");
    Sh.ns(r, "ip", "rule", "add", "iif", bed.routerClientSide, "lookup", "100", "pref", "100");
    Sh.ns(r, "ip", "rule", "add", "iif", bed.routerGatewaySide, "lookup", "101", "pref", "101");
    return new Handle(p, log);
  }

  // ------------------------------------------------------------------ the relay process

  private static final long MAX_IDLE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private record Held(long releaseNanos, long seq, byte[] packet, int length) {}

  /** One direction: a reader that decides each packet's fate, a sender that releases them. */
  private static final class Direction {
    final String name;
    final TunDevice from;
    final TunDevice to;
    final Impairment imp;
    final SplittableRandom rng;
    final PriorityQueue<Held> held =
        new PriorityQueue<>(
            (a, b) ->
                a.releaseNanos != b.releaseNanos
                    ? Long.compare(a.releaseNanos, b.releaseNanos)
                    : Long.compare(a.seq, b.seq));
    final ReentrantLock lock = new ReentrantLock();
    final Condition changed = lock.newCondition();
    final AtomicLong in = new AtomicLong();
    final AtomicLong lost = new AtomicLong();
    final AtomicLong reordered = new AtomicLong();
    final AtomicLong overflow = new AtomicLong();
    final AtomicLong out = new AtomicLong();
    long seq;

    Direction(String name, TunDevice from, TunDevice to, Impairment imp, long seed) {
      this.name = name;
      this.from = from;
      this.to = to;
      this.imp = imp;
      this.rng = new SplittableRandom(seed);
    }

    void readLoop(AtomicBoolean stopped) {
      byte[][] bufs = new byte[from.batchSize()][65535];
      int[] sizes = new int[bufs.length];
      long delay = TimeUnit.MILLISECONDS.toNanos(imp.delayMs());
      long jitter = TimeUnit.MILLISECONDS.toNanos(imp.jitterMs());
      try {
        while (!stopped.get()) {
          int n = from.read(bufs, sizes, 0);
          if (n < 0) {
            return;
          }
          long now = System.nanoTime();
          for (int i = 0; i < n; i++) {
            in.incrementAndGet();
            double lossDraw = rng.nextDouble();
            double reorderDraw = rng.nextDouble();
            long jitterDraw = jitter > 0 ? rng.nextLong(jitter + 1) : 0;
            if (lossDraw < imp.loss()) {
              lost.incrementAndGet();
              continue;
            }
            long release;
            if (reorderDraw < imp.reorder()) {
              reordered.incrementAndGet();
              release = now;
            } else {
              release = now + delay + jitterDraw;
            }
            byte[] copy = Arrays.copyOf(bufs[i], sizes[i]);
            lock.lock();
            try {
              if (held.size() >= imp.limit()) {
                overflow.incrementAndGet();
              } else {
                held.add(new Held(release, seq++, copy, sizes[i]));
                changed.signal();
              }
            } finally {
              lock.unlock();
            }
          }
        }
      } catch (IOException e) {
        if (!stopped.get()) {
          System.out.println(name + " reader failed: " + e);
        }
      }
    }

    void sendLoop(AtomicBoolean stopped) {
      byte[][] one = new byte[1][];
      int[] size = new int[1];
      try {
        while (!stopped.get()) {
          Held next = null;
          lock.lock();
          try {
            Held head = held.peek();
            if (head == null) {
              changed.awaitNanos(MAX_IDLE_WAIT_NANOS);
            } else {
              long wait = head.releaseNanos - System.nanoTime();
              if (wait > 0) {
                changed.awaitNanos(Math.min(wait, MAX_IDLE_WAIT_NANOS));
              } else {
                next = held.poll();
              }
            }
          } finally {
            lock.unlock();
          }
          if (next != null) {
            one[0] = next.packet;
            size[0] = next.length;
            out.addAndGet(to.write(one, size, 0, 1));
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException e) {
        if (!stopped.get()) {
          System.out.println(name + " sender failed: " + e);
        }
      }
    }

    String stats() {
      return String.format(
          "%s in=%d lost=%d reordered=%d overflow=%d out=%d",
          name, in.get(), lost.get(), reordered.get(), overflow.get(), out.get());
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("expected key=value: " + arg);
      }
      a.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    Impairment imp =
        new Impairment(
            Double.parseDouble(a.getOrDefault("loss", "0.05")),
            Long.parseLong(a.getOrDefault("delay-ms", "100")),
            Long.parseLong(a.getOrDefault("jitter-ms", "10")),
            Double.parseDouble(a.getOrDefault("reorder", "0.05")),
            Integer.parseInt(a.getOrDefault("limit", "1000")),
            Long.parseLong(a.getOrDefault("seed", "1")));
    long maxSeconds = Long.parseLong(a.getOrDefault("max-seconds", "600"));
    if (imp.loss() < 0 || imp.loss() > 1 || imp.reorder() < 0 || imp.reorder() > 1) {
      throw new IllegalArgumentException("loss and reorder are probabilities: " + imp);
    }
    if (imp.delayMs() < 0 || imp.jitterMs() < 0 || imp.limit() < 1 || maxSeconds < 1) {
      throw new IllegalArgumentException("negative delay, no limit or no lifetime: " + imp);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);

    LinuxTun clientSide = LinuxTun.create(new TunSpec(CLIENT_TUN, 1500, address("198.18.3.1"), 32));
    LinuxTun gatewaySide =
        LinuxTun.create(new TunSpec(GATEWAY_TUN, 1500, address("198.18.3.2"), 32));
    // the seeds of the two directions differ, so their losses are not mirror images
    Direction c2g = new Direction("c2g", clientSide, gatewaySide, imp, imp.seed());
    Direction g2c =
        new Direction("g2c", gatewaySide, clientSide, imp, imp.seed() ^ 0x9E3779B97F4A7C15L);
    AtomicBoolean stopped = new AtomicBoolean();
    AtomicBoolean reported = new AtomicBoolean();
    Runnable shutdown =
        () -> {
          stopped.set(true);
          closeQuietly(clientSide);
          closeQuietly(gatewaySide);
          if (reported.compareAndSet(false, true)) {
            System.out.println("final stats " + c2g.stats() + " | " + g2c.stats());
            System.out.flush();
          }
        };
    Runtime.getRuntime().addShutdownHook(new Thread(shutdown));
    List<Thread> threads = new ArrayList<>();
    for (Direction d : List.of(c2g, g2c)) {
      threads.add(
          Thread.ofPlatform().daemon().name(d.name + "-read").start(() -> d.readLoop(stopped)));
      threads.add(
          Thread.ofPlatform().daemon().name(d.name + "-send").start(() -> d.sendLoop(stopped)));
    }
    System.out.println(READY + ": " + imp + ", ends after " + maxSeconds + " s");
    System.out.flush();
    while (!stopped.get() && System.nanoTime() < deadline) {
      Thread.sleep(2000);
      System.out.println("stats " + c2g.stats() + " | " + g2c.stats());
      System.out.flush();
      for (Thread t : threads) {
        if (!t.isAlive() && !stopped.get()) {
          System.out.println("thread " + t.getName() + " ended; stopping");
          shutdown.run();
          System.exit(1);
        }
      }
    }
    System.out.println("lifetime of " + maxSeconds + " s reached");
    shutdown.run();
    System.exit(0);
  }

  private static Inet4Address address(String ip) throws IOException {
    return (Inet4Address) InetAddress.getByName(ip);
  }

  private static void closeQuietly(TunDevice tun) {
    try {
      tun.close();
    } catch (IOException e) {
      System.out.println("closing " + tun.name() + ": " + e);
    }
  }

  private ImpairedRelay() {}
}
