package org.p2sgate.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2sgate.core.pki.DemoPki;

/**
 * {@code pool: { net, slice, slice-prefix }}: each replica of a scaled-out deployment takes its own
 * slice of one network, by its ordinal, with no coordination between replicas.
 */
class PoolSliceTest {
  @TempDir static Path dir;

  static final String TLS = "tls: { ca: pki/ca.crt, cert: pki/server.crt, key: pki/server.key }\n";

  @BeforeAll
  static void pki() throws Exception {
    DemoPki.openOrCreate(dir.resolve("pki"));
  }

  static ServerConfig load(String pool, ReplicaOrdinal ordinal) throws ConfigException {
    return new YamlConfigLoader(Clock.systemUTC(), ordinal)
        .load("pool: " + pool + "\n" + TLS, "gateway.yaml", dir)
        .config();
  }

  static String pool(String pool, ReplicaOrdinal ordinal) throws ConfigException {
    ServerConfig c = load(pool, ordinal);
    return c.poolNetwork().getHostAddress() + "/" + c.poolPrefix();
  }

  static String error(String pool, ReplicaOrdinal ordinal) {
    String m = assertThrows(ConfigException.class, () -> load(pool, ordinal)).getMessage();
    assertFalse(m.contains("\n"), m);
    return m;
  }

  static ReplicaOrdinal host(String name) throws ConfigException {
    return ReplicaOrdinal.resolve(null, null, name);
  }

  @Test
  void theScalarFormIsThePoolAsBefore() throws Exception {
    assertEquals("10.8.0.0/24", pool("10.8.0.0/24", host("p2sgate-7")));
  }

  @Test
  void eachOrdinalGetsItsOwnSliceAndNoTwoOverlap() throws Exception {
    assertEquals("10.8.0.0/24", pool("{ net: 10.8.0.0/16, slice: auto }", host("p2sgate-0")));
    assertEquals("10.8.1.0/24", pool("{ net: 10.8.0.0/16, slice: auto }", host("p2sgate-1")));
    assertEquals("10.8.255.0/24", pool("{ net: 10.8.0.0/16, slice: auto }", host("gw-255")));
    assertEquals("10.8.0.0/24", pool("{ net: 10.8.0.0/16, slice: 0 }", ReplicaOrdinal.NONE));
    assertEquals(
        "10.8.0.192/26",
        pool("{ net: 10.8.0.0/16, slice: auto, slice-prefix: 26 }", host("p2sgate-3")));
    assertEquals(
        "172.16.4.0/22", pool("{ net: 172.16.0.0/12, slice: 1, slice-prefix: 22 }", host("x")));
    // every slice of a /20 cut into /24s: disjoint, and together the whole network
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int n = 0; n < 16; n++) {
      String p = pool("{ net: 10.8.0.0/20, slice: " + n + " }", ReplicaOrdinal.NONE);
      assertEquals("10.8." + n + ".0/24", p);
      seen.add(p);
    }
    assertEquals(16, seen.size());
  }

  @Test
  void theOrdinalComesFromTheFlagThenTheEnvironmentThenTheHostName() throws Exception {
    assertEquals(OptionalInt.of(2), ReplicaOrdinal.resolve(2, "5", "p2sgate-9").value());
    assertEquals(OptionalInt.of(5), ReplicaOrdinal.resolve(null, "5", "p2sgate-9").value());
    assertEquals(OptionalInt.of(9), ReplicaOrdinal.resolve(null, null, "p2sgate-9").value());
    assertEquals(OptionalInt.of(9), ReplicaOrdinal.resolve(null, " ", "p2sgate-9").value());
    assertEquals(OptionalInt.of(12), host("vpn-gw-eu-12").value());
    assertEquals(OptionalInt.empty(), host("p2sgate").value());
    assertEquals(OptionalInt.empty(), host("p2sgate-1a").value());
    assertEquals(OptionalInt.empty(), ReplicaOrdinal.resolve(null, null, null).value());
    assertEquals(
        "P2SGATE_ORDINAL: must be a number from 0 to 65535, got 'one'",
        assertThrows(ConfigException.class, () -> ReplicaOrdinal.resolve(null, "one", "p2sgate-1"))
            .getMessage());
    assertEquals(
        "--ordinal: must be from 0 to 65535, got -1",
        assertThrows(ConfigException.class, () -> ReplicaOrdinal.resolve(-1, null, null))
            .getMessage());
  }

  @Test
  void autoWithoutAnOrdinalSaysWhereItLooked() throws Exception {
    assertEquals(
        "gateway.yaml:1:34: pool.slice: auto needs this replica's ordinal: no --ordinal, no"
            + " P2SGATE_ORDINAL, and the host name 'gateway' does not end in -N as a StatefulSet"
            + " pod's does",
        error("{ net: 10.8.0.0/16, slice: auto }", host("gateway")));
    assertEquals(
        "gateway.yaml:1:34: pool.slice: auto needs this replica's ordinal: no --ordinal and no"
            + " P2SGATE_ORDINAL were given",
        error("{ net: 10.8.0.0/16, slice: auto }", ReplicaOrdinal.NONE));
  }

  @Test
  void aSliceThatDoesNotFitTheNetworkIsRefusedNamingTheKey() throws Exception {
    assertEquals(
        "gateway.yaml:1:34: pool.slice: slice 256 does not fit 10.8.0.0/16, which holds 256 slices"
            + " of /24 (0 to 255) (ordinal from host name 'p2sgate-256')",
        error("{ net: 10.8.0.0/16, slice: auto }", host("p2sgate-256")));
    assertEquals(
        "gateway.yaml:1:34: pool.slice: slice 4 does not fit 10.8.0.0/22, which holds 4 slices of"
            + " /24 (0 to 3)",
        error("{ net: 10.8.0.0/22, slice: 4 }", ReplicaOrdinal.NONE));
    assertEquals(
        "gateway.yaml:1:34: pool.slice: slices of /24 do not fit 10.8.0.0/24: a slice must be"
            + " smaller than the network",
        error("{ net: 10.8.0.0/24, slice: 0 }", ReplicaOrdinal.NONE));
    assertEquals(
        "gateway.yaml:1:51: pool.slice-prefix: must be a number from 9 to 30, got '31'",
        error("{ net: 10.8.0.0/16, slice: 0, slice-prefix: 31 }", ReplicaOrdinal.NONE));
    assertEquals(
        "gateway.yaml:1:14: pool.net: '10.8.0.1/16' has host bits set: did you mean 10.8.0.0/16?",
        error("{ net: 10.8.0.1/16, slice: 0 }", ReplicaOrdinal.NONE));
    assertEquals(
        "gateway.yaml:1:34: pool.slice: must be a number from 0 to 65535, got 'first'",
        error("{ net: 10.8.0.0/16, slice: first }", ReplicaOrdinal.NONE));
  }

  @Test
  void theMapFormIsCheckedLikeEveryOtherMap() throws Exception {
    assertEquals(
        "gateway.yaml:1:27: unknown key 'slices' in 'pool' (expected one of: net, slice,"
            + " slice-prefix)",
        error("{ net: 10.8.0.0/16, slices: 2 }", ReplicaOrdinal.NONE));
    assertEquals(
        "gateway.yaml:1:7: pool: missing 'net' (the network the slices are cut from, e.g."
            + " 10.8.0.0/16)",
        error("{ slice: 2 }", ReplicaOrdinal.NONE));
    assertEquals(
        "gateway.yaml:1:7: pool: missing 'slice' (auto: the replica's ordinal; or a number)",
        error("{ net: 10.8.0.0/16 }", ReplicaOrdinal.NONE));
    assertEquals(
        "gateway.yaml:1:7: pool: expected a network (10.8.0.0/24) or a map ({ net: 10.8.0.0/16,"
            + " slice: auto })",
        error("[ 10.8.0.0/24 ]", ReplicaOrdinal.NONE));
  }

  @Test
  void anotherSliceOnReloadNeedsARestart() throws Exception {
    ServerConfig zero = load("{ net: 10.8.0.0/16, slice: auto }", host("p2sgate-0"));
    assertEquals(
        List.of(),
        RestartKeys.changed(zero, load("{ net: 10.8.0.0/16, slice: 0 }", ReplicaOrdinal.NONE)));
    assertEquals(
        List.of("pool"),
        RestartKeys.changed(zero, load("{ net: 10.8.0.0/16, slice: 1 }", ReplicaOrdinal.NONE)));
    assertEquals(
        List.of("pool"),
        RestartKeys.changed(
            zero, load("{ net: 10.8.0.0/16, slice: 0, slice-prefix: 25 }", ReplicaOrdinal.NONE)));
  }
}
