package org.p2sgate.tun;

/**
 * A device with no kernel behind it: writes are taken and discarded, reads report it closed. For
 * code that needs a device but never reaches one (the gateway's start-up warm-up), and for tests
 * that override the counters they check.
 */
public class DiscardingTun implements TunDevice {
  private final String name;
  private final int mtu;

  public DiscardingTun(String name, int mtu) {
    this.name = name;
    this.mtu = mtu;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int mtu() {
    return mtu;
  }

  @Override
  public int batchSize() {
    return 64;
  }

  /** Always closed: -1. */
  @Override
  public int read(byte[][] bufs, int[] sizes, int offset) {
    return -1;
  }

  /** Takes every packet. */
  @Override
  public int write(byte[][] bufs, int[] sizes, int offset, int count) {
    return count;
  }

  @Override
  public long droppedPackets() {
    return 0;
  }

  @Override
  public void close() {}
}
