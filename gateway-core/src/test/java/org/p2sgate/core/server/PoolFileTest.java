package org.p2sgate.core.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2sgate.core.ippool.IpPool;

/** Client addresses saved in OpenVPN's ifconfig-pool-persist format and restored at start. */
class PoolFileTest {

  private static IpPool pool() throws Exception {
    return new IpPool((java.net.Inet4Address) InetAddress.getByName("10.8.0.0"), 24);
  }

  @Test
  void savesWhatChangedAndRestoresItAtTheNextStart(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("ipp.txt");
    IpPool first = pool();
    try (PoolFile f = PoolFile.open(file, first)) {
      first.allocateFor("alice");
      first.allocateFor("bob");
      f.saveIfChanged();
    }
    assertEquals("alice,10.8.0.2\nbob,10.8.0.3\n", Files.readString(file));

    IpPool second = pool();
    try (PoolFile f = PoolFile.open(file, second)) {
      assertEquals("10.8.0.3", second.allocateFor("bob").getHostAddress());
      assertEquals("10.8.0.2", second.allocateFor("alice").getHostAddress());
    }
  }

  @Test
  void readsOpenVpnsFilesAndSkipsWhatItCannotUse(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("ipp.txt");
    Files.writeString(
        file,
        "# written by OpenVPN\n"
            + "carol,10.8.0.7,fd00::7\n"
            + "mallory,10.9.9.9\n"
            + "garbage line\n"
            + "dave,10.8.0.9\n");
    IpPool p = pool();
    try (PoolFile f = PoolFile.open(file, p)) {
      assertEquals(2, p.remembered().size());
      assertEquals("10.8.0.9", p.allocateFor("dave").getHostAddress());
    }
    assertTrue(Files.readString(file).contains("carol,10.8.0.7\n"));
  }

  /**
   * A replica's slice (10.8.1.0/24 of 10.8.0.0/16) keeps its own clients' addresses across a
   * restart; lines from another slice (a file copied from another replica, or written before the
   * replica's ordinal changed) are skipped, so no address of another replica is ever handed out.
   */
  @Test
  void aSliceRestoresItsOwnAddressesAndSkipsAnotherSlices(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("ipp.txt");
    java.net.Inet4Address slice1 = (java.net.Inet4Address) InetAddress.getByName("10.8.1.0");
    IpPool first = new IpPool(slice1, 24);
    try (PoolFile f = PoolFile.open(file, first)) {
      assertEquals("10.8.1.2", first.allocateFor("alice").getHostAddress());
      assertEquals("10.8.1.3", first.allocateFor("bob").getHostAddress());
      f.saveIfChanged();
    }
    Files.writeString(
        file, "carol,10.8.0.7\n" + Files.readString(file) + "dave,10.8.2.9\nerin,10.8.1.255\n");
    IpPool second = new IpPool(slice1, 24);
    try (PoolFile f = PoolFile.open(file, second)) {
      assertEquals(2, second.remembered().size(), second.remembered().toString());
      assertEquals("10.8.1.3", second.allocateFor("bob").getHostAddress());
      assertEquals("10.8.1.2", second.allocateFor("alice").getHostAddress());
      assertEquals("10.8.1.4", second.allocateFor("carol").getHostAddress());
      assertEquals("10.8.1.5", second.allocateFor("dave").getHostAddress());
    }
    // the slice of replica 0 takes none of replica 1's remembered addresses
    IpPool slice0 = new IpPool((java.net.Inet4Address) InetAddress.getByName("10.8.0.0"), 24);
    try (PoolFile f = PoolFile.open(file, slice0)) {
      assertEquals(java.util.Map.of(), slice0.remembered());
      assertEquals("10.8.0.2", slice0.allocateFor("bob").getHostAddress());
    }
  }
}
