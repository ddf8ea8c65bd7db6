package org.p2sgate.core.observe;

import java.util.concurrent.atomic.LongAdder;

/**
 * Tunnelled IP traffic of the whole gateway, in packets and bytes each way: "in" from clients to
 * the private network, "out" the other way. Thread safe and cheap on the data path (a {@link
 * LongAdder} per figure); read by the metrics at scrape time.
 */
public final class TrafficCounters {
  private final LongAdder bytesIn = new LongAdder();
  private final LongAdder bytesOut = new LongAdder();
  private final LongAdder packetsIn = new LongAdder();
  private final LongAdder packetsOut = new LongAdder();

  public void in(int bytes) {
    bytesIn.add(bytes);
    packetsIn.increment();
  }

  public void out(int bytes) {
    bytesOut.add(bytes);
    packetsOut.increment();
  }

  public long bytesIn() {
    return bytesIn.sum();
  }

  public long bytesOut() {
    return bytesOut.sum();
  }

  public long packetsIn() {
    return packetsIn.sum();
  }

  public long packetsOut() {
    return packetsOut.sum();
  }
}
