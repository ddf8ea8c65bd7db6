package org.p2sgate.core.server;

import org.p2sgate.core.config.Ipv6Network;
import org.p2sgate.core.ippool.IpPool;
import org.p2sgate.core.ippool.Ipv6Pool;
import org.p2sgate.core.session.Shards;

/**
 * Which shard a packet read from the TUN device goes to: the one whose table holds its destination,
 * an IPv4 or (tied to it by pool offset) IPv6 tunnel address. Anything else goes to the first
 * shard, which drops and counts it as the single-table gateway does. Reads the shared owner table
 * only, on the TUN reader's thread.
 */
final class TunRouter implements TunReader.Router {
  private final IpPool pool;
  private final Ipv6Pool pool6;
  private final Shards shards;

  TunRouter(IpPool pool, Ipv6Network net6, Shards shards) {
    this.pool = pool;
    this.pool6 = net6 == null ? null : new Ipv6Pool(net6.network(), net6.prefix(), pool);
    this.shards = shards;
  }

  @Override
  public int loopOf(byte[] buf, int off, int len) {
    int version = len < 1 ? 0 : buf[off] & 0xf0;
    if (version == 0x40 && len >= 20) {
      int dst =
          (buf[off + 16] & 0xff) << 24
              | (buf[off + 17] & 0xff) << 16
              | (buf[off + 18] & 0xff) << 8
              | (buf[off + 19] & 0xff);
      return shards.ownerOfOffset(pool.offsetOf(dst));
    }
    if (version == 0x60 && len >= 40 && pool6 != null) {
      return shards.ownerOfOffset(pool6.offsetOf(buf, off + 24));
    }
    return 0;
  }
}
