package org.p2sgate.core.config;

/**
 * How many packets and bytes the kernel may hold for the gateway while it is busy: the TUN device's
 * queue ({@code txqueuelen}, per queue) and the sockets' buffers ({@code sndbuf}, {@code rcvbuf}),
 * under the names OpenVPN gives them.
 *
 * <p>The TUN queue holds what the private network sends while the data path catches up: the
 * kernel's default (500) dropped packets in bursts the gateway then handled (decision 36), so the
 * gateway asks for {@link #DEFAULT_TUN_QUEUE} unless told otherwise. A socket buffer of {@link
 * #DEFAULT} means p2sgate's own choice (4 MiB for UDP, the kernel's auto-tuning for TCP), {@code 0}
 * the system's default (OpenVPN's {@code sndbuf 0}), and any other value that many bytes, capped by
 * {@code net.core.wmem_max}/{@code rmem_max} as the kernel caps every request.
 *
 * @param tunQueue packets each TUN queue holds, 1 to {@link #MAX_TUN_QUEUE}
 * @param socketSend the sockets' send buffer in bytes, or {@link #DEFAULT} or 0
 * @param socketReceive the sockets' receive buffer in bytes, or {@link #DEFAULT} or 0
 */
public record KernelBuffers(int tunQueue, int socketSend, int socketReceive) {
  /** A socket buffer left to p2sgate's choice. */
  public static final int DEFAULT = -1;

  /** Packets per TUN queue unless configured (Ethernet devices' default). */
  public static final int DEFAULT_TUN_QUEUE = 1000;

  public static final int MAX_TUN_QUEUE = 100_000;

  /** The largest socket buffer one may ask for (the kernel takes an int, and doubles it). */
  public static final int MAX_SOCKET_BUFFER = 1 << 30;

  /** What the UDP listeners ask for when not told: bursts of many clients fit. */
  static final int UDP_SOCKET_BUFFER = 4 << 20;

  public static final KernelBuffers DEFAULTS =
      new KernelBuffers(DEFAULT_TUN_QUEUE, DEFAULT, DEFAULT);

  public KernelBuffers {
    if (tunQueue < 1 || tunQueue > MAX_TUN_QUEUE) {
      throw new IllegalArgumentException(
          "txqueuelen must be 1 to " + MAX_TUN_QUEUE + ", got " + tunQueue);
    }
    checkSocket("sndbuf", socketSend);
    checkSocket("rcvbuf", socketReceive);
  }

  private static void checkSocket(String name, int bytes) {
    if (bytes < DEFAULT || bytes > MAX_SOCKET_BUFFER) {
      throw new IllegalArgumentException(
          name + " must be 0 (the system's default) to " + MAX_SOCKET_BUFFER + ", got " + bytes);
    }
  }

  /** The UDP sockets' send buffer to ask for, or 0 to leave the system's default. */
  public int udpSend() {
    return socketSend == DEFAULT ? UDP_SOCKET_BUFFER : socketSend;
  }

  /** The UDP sockets' receive buffer to ask for, or 0 to leave the system's default. */
  public int udpReceive() {
    return socketReceive == DEFAULT ? UDP_SOCKET_BUFFER : socketReceive;
  }

  /** A TCP connection's send buffer, or 0 to leave the kernel's auto-tuning alone. */
  public int tcpSend() {
    return Math.max(0, socketSend);
  }

  /** A TCP connection's receive buffer, or 0 to leave the kernel's auto-tuning alone. */
  public int tcpReceive() {
    return Math.max(0, socketReceive);
  }
}
