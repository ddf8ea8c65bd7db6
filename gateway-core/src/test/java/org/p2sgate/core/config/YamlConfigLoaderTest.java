package org.p2sgate.core.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2sgate.core.control.StaticKey;
import org.p2sgate.core.pki.DemoPki;

class YamlConfigLoaderTest {
  @TempDir static Path dir;

  /** The example of the design, with its comments. */
  static final String EXAMPLE =
      """
      listen: { address: 0.0.0.0, port: 1194, proto: udp }   # udp | tcp | udp+tcp
      tun: { name: p2s0, mtu: 1500 }
      pool: 10.8.0.0/24                 # gateway takes the first address
      push:
        routes: [ 192.168.10.0/24 ]     # become "route NET MASK"
        dns: [ 10.8.0.1 ]               # become "dhcp-option DNS x"
        domain: corp.example            # "dhcp-option DOMAIN x"
        extra: [ "redirect-gateway def1" ]
      keepalive: { interval: 10s, timeout: 60s }
      data-ciphers: [ AES-256-GCM, AES-128-GCM, CHACHA20-POLY1305 ]
      tls: { ca: pki/ca.crt, cert: pki/server.crt, key: pki/server.key, version-min: "1.2" }
      tls-crypt: pki/tc.key             # or  tls-auth: { key: pki/ta.key, direction: 0, digest: SHA256 }
      client-to-client: false
      duplicate-cn: false
      max-clients: 1024
      reneg: 1h
      """;

  static final String MIN =
      """
      pool: 10.8.0.0/24
      tls: { ca: pki/ca.crt, cert: pki/server.crt, key: pki/server.key }
      """;

  @BeforeAll
  static void pki() throws Exception {
    DemoPki.openOrCreate(dir.resolve("pki"));
  }

  static ParsedConfig load(String text) throws ConfigException {
    return load(dir, text);
  }

  static String error(String text) {
    return error(dir, text);
  }

  /** Loads {@code text} as gateway.yaml in {@code base}; shared with other YAML tests. */
  static ParsedConfig load(Path base, String text) throws ConfigException {
    return new YamlConfigLoader().load(text, "gateway.yaml", base);
  }

  /** The one-line error {@code text} gives. */
  static String error(Path base, String text) {
    String m = assertThrows(ConfigException.class, () -> load(base, text)).getMessage();
    assertFalse(m.contains("\n"), m);
    return m;
  }

  @Test
  void theExampleLoadsFromAFile() throws Exception {
    Path file = dir.resolve("gateway.yaml");
    Files.writeString(file, EXAMPLE);
    ParsedConfig p = new YamlConfigLoader().load(file);
    ServerConfig c = p.config();
    assertEquals(InetAddress.getByName("0.0.0.0"), c.listenAddress());
    assertEquals(1194, c.port());
    assertEquals(ServerConfig.Transports.UDP, c.transports());
    assertEquals("p2s0", c.tunName());
    assertEquals(1500, c.tunMtu());
    assertEquals("10.8.0.0", c.poolNetwork().getHostAddress());
    assertEquals(24, c.poolPrefix());
    assertEquals(
        List.of(
            "route 192.168.10.0 255.255.255.0",
            "dhcp-option DNS 10.8.0.1",
            "dhcp-option DOMAIN corp.example",
            "redirect-gateway def1"),
        c.push());
    assertEquals(Duration.ofSeconds(10), c.pingInterval());
    assertEquals(Duration.ofSeconds(60), c.pingRestart());
    assertEquals(List.of("AES-256-GCM", "AES-128-GCM", "CHACHA20-POLY1305"), c.dataCiphers());
    assertNull(c.dataCiphersFallback());
    assertEquals(Files.readString(dir.resolve("pki/ca.crt")), c.caPem());
    assertEquals(Files.readString(dir.resolve("pki/server.key")), c.keyPem());
    assertEquals(TlsWrapConfig.Mode.TLS_CRYPT, c.tlsWrap().mode());
    assertArrayEquals(
        StaticKey.parse(Files.readString(dir.resolve("pki/tc.key"))).bytes(),
        c.tlsWrap().key().bytes());
    assertFalse(c.clientToClient());
    assertFalse(c.duplicateCn());
    assertEquals(1024, c.maxClients());
    assertEquals(Duration.ofHours(1), c.renegSec());
    assertEquals("1.2", c.tlsVersionMin());
    assertEquals(1492, c.mssfix());
    assertTrue(c.explicitExitNotify());
    assertEquals(3, c.verbosity());
    assertEquals(List.of(), p.warnings());
  }

  @Test
  void theExampleRoundTripsThroughTheOpenVpnFrontEnd() throws Exception {
    ServerConfig yaml = load(EXAMPLE).config();
    String conf =
        """
        local 0.0.0.0
        dev p2s0
        topology subnet
        server 10.8.0.0 255.255.255.0
        push "route 192.168.10.0 255.255.255.0"
        push "dhcp-option DNS 10.8.0.1"
        push "dhcp-option DOMAIN corp.example"
        push "redirect-gateway def1"
        keepalive 10 60
        ca pki/ca.crt
        cert pki/server.crt
        key pki/server.key
        tls-crypt pki/tc.key
        explicit-exit-notify
        verb 3
        """;
    ServerConfig ovpn = new OpenVpnConfigParser().parse(conf, "server.conf", dir).config();
    assertEquals(yaml.toString(), ovpn.toString());
    assertEquals(yaml.push(), ovpn.push());
    assertEquals(yaml.keyPem(), ovpn.keyPem());
    assertEquals(yaml.tlsWrap().toString(), ovpn.tlsWrap().toString());
    assertEquals(yaml.explicitExitNotify(), ovpn.explicitExitNotify());
  }

  @Test
  void defaultsAndOtherKeys() throws Exception {
    ServerConfig c = load(MIN).config();
    assertNull(c.listenAddress());
    assertEquals("p2s0", c.tunName());
    assertEquals(TlsWrapConfig.Mode.NONE, c.tlsWrap().mode());
    assertEquals(Duration.ofSeconds(60), c.pingRestart());

    c =
        load(MIN
                + """
                    listen: { address: "::", port: "443", proto: udp+tcp }
                    tls-auth: { key: pki/tc.key, direction: 1, digest: sha512 }
                    data-ciphers: CHACHA20-POLY1305:AES-128-GCM
                    data-ciphers-fallback: AES-128-GCM
                    keepalive: { interval: 5, timeout: 2m }
                    push: { routes: 192.168.7.7, dns: [ "fd00::53" ] }
                    hand-window: 30s
                    mssfix: 0
                    explicit-exit-notify: false
                    verb: 7
                    state-dir: state
                    """)
            .config();
    assertEquals(InetAddress.getByName("::"), c.listenAddress());
    assertEquals(443, c.port());
    assertEquals(ServerConfig.Transports.UDP_AND_TCP, c.transports());
    assertEquals(
        new TlsWrapConfig(TlsWrapConfig.Mode.TLS_AUTH, c.tlsWrap().key(), 1, "SHA512"),
        c.tlsWrap());
    assertEquals(List.of("CHACHA20-POLY1305", "AES-128-GCM"), c.dataCiphers());
    assertEquals("AES-128-GCM", c.dataCiphersFallback());
    assertEquals(Duration.ofSeconds(5), c.pingInterval());
    assertEquals(Duration.ofMinutes(2), c.pingRestart());
    assertEquals(
        List.of("route 192.168.7.7 255.255.255.255", "dhcp-option DNS6 fd00::53"), c.push());
    assertEquals(Duration.ofSeconds(30), c.handWindow());
    assertEquals(0, c.mssfix());
    assertFalse(c.explicitExitNotify());
    assertEquals(7, c.verbosity());
    assertEquals(dir.resolve("state"), c.statePath());
  }

  @Test
  void connectRateDefaultsAndSettings() throws Exception {
    assertEquals(ConnectRate.DEFAULT, load(MIN).config().connectRate());
    ConnectRate r =
        load(MIN + "connect-rate: { window: 30s, per-source: 500, total: 20000 }\n")
            .config()
            .connectRate();
    assertEquals(new ConnectRate(Duration.ofSeconds(30), 500, 100, 20_000), r);
    assertEquals(
        "gateway.yaml:3:29: connect-rate.per-source: must be a number from 1 to 1000000, got '0'",
        error(MIN + "connect-rate: { per-source: 0 }\n"));
    assertEquals(
        "gateway.yaml:3:25: connect-rate.window: must be at most 1h",
        error(MIN + "connect-rate: { window: 2h }\n"));
    assertTrue(
        error(MIN + "connect-rate: { burst: 5 }\n")
            .contains("unknown key 'burst' in 'connect-rate'"));
  }

  @Test
  void unknownKeysNameTheKeyAndPosition() {
    assertEquals(
        "gateway.yaml:3:1: unknown key 'pol' (expected one of: access, admin, auth, client-config-dir, client-to-client, connect-rate, data-ciphers,"
            + " data-ciphers-fallback, duplicate-cn, explicit-exit-notify, hand-window, keepalive,"
            + " key-derivation, listen, log, management, max-clients, max-pending-logins, max-pending-per-source, mssfix, pool, pool-persist, pool6, profiles, push, reneg, revocation, routes, state-dir, status, tls, tls-auth,"
            + " tls-crypt, tls-crypt-v2, tun, verb)",
        error(MIN + "pol: 10.8.0.0/24\n"));
    assertEquals(
        "gateway.yaml:3:20: unknown key 'prot' in 'listen' (expected one of: address, port,"
            + " proto, rcvbuf, sndbuf)",
        error(MIN + "listen: { port: 1, prot: udp }\n"));
  }

  @Test
  void kernelBuffers() throws Exception {
    assertEquals(KernelBuffers.DEFAULTS, load(MIN).config().buffers());
    assertEquals(
        new KernelBuffers(4000, 0, 1 << 20),
        load(MIN + "tun: { txqueuelen: 4000 }\nlisten: { sndbuf: 0, rcvbuf: 1048576 }\n")
            .config()
            .buffers());
    assertEquals(
        "gateway.yaml:3:20: tun.txqueuelen: must be a number from 1 to 100000, got '0'",
        error(MIN + "tun: { txqueuelen: 0 }\n"));
    assertEquals(
        "gateway.yaml:3:19: listen.sndbuf: must be a number from 0 to 1073741824, got '4MiB'",
        error(MIN + "listen: { sndbuf: 4MiB }\n"));
  }

  @Test
  void badValuesNameTheKeyAndPosition() {
    assertEquals(
        "gateway.yaml:3:17: listen.port: must be a number from 1 to 65535, got '0'",
        error(MIN + "listen: { port: 0 }\n"));
    assertEquals(
        "gateway.yaml:3:18: listen.proto: must be udp, tcp or udp+tcp, got 'sctp'",
        error(MIN + "listen: { proto: sctp }\n"));
    assertEquals(
        "gateway.yaml:1:7: pool: '10.8.0.1/24' has host bits set: did you mean 10.8.0.0/24?",
        error(MIN.replace("10.8.0.0/24", "10.8.0.1/24")));
    assertTrue(
        error(MIN + "keepalive: { interval: 10x }\n")
            .startsWith("gateway.yaml:3:24: keepalive.interval: invalid duration '10x'"));
    assertEquals(
        "gateway.yaml:3:23: keepalive: the timeout must be at least twice the interval (e.g. 10s"
            + " and 60s)",
        error(
            MIN
                + "keepalive: { interval: 40s }\n"
                    .replace("{ interval: 40s }", "{ timeout: 15 }")));
    assertTrue(
        error(MIN + "data-ciphers: [ AES-256-CBC ]\n")
            .startsWith("gateway.yaml:3:17: data-ciphers: unsupported cipher 'AES-256-CBC'"));
    assertEquals(
        "gateway.yaml:2:80: tls.version-min: tls-version-min must be 1.2 or 1.3, got '1.0' (older"
            + " TLS versions are not supported)",
        error(MIN.replace(" }", ", version-min: \"1.0\" }")));
    assertEquals(
        "gateway.yaml:3:19: client-to-client: must be true or false, got 'yes'",
        error(MIN + "client-to-client: \"yes\"\n"));
    assertEquals(
        "gateway.yaml:3:9: listen: expected a map of settings (key: value)",
        error(MIN + "listen: 1194\n"));
    assertEquals(
        "gateway.yaml:2:7: pool: expected a network (10.8.0.0/24) or a map ({ net: 10.8.0.0/16, slice: auto })",
        error(MIN.replace("pool: 10.8.0.0/24\n", "") + "pool: [ 10.8.0.0/24 ]\n"));
    assertTrue(
        error(MIN + "tls-auth: { key: pki/tc.key, digest: MD5 }\n")
            .contains("tls-auth.digest: unsupported auth digest 'MD5'"));
  }

  @Test
  void fileProblemsNameTheKey() {
    assertEquals(
        "gateway.yaml:2:12: tls.ca: file "
            + dir.resolve("pki/server.key")
            + " holds a private key where only certificates are expected",
        error(MIN.replace("ca: pki/ca.crt", "ca: pki/server.key")));
    assertEquals(
        "gateway.yaml:2:12: cannot read tls.ca file " + dir.resolve("nope.crt") + ": no such file",
        error(MIN.replace("pki/ca.crt", "nope.crt")));
    assertTrue(
        error(MIN.replace("pki/server.key", "pki/clients/demo.key"))
            .startsWith("gateway.yaml:2:51: the private key does not belong to the certificate"));
    assertEquals(
        "gateway.yaml:3:12: tls-crypt: file "
            + dir.resolve("pki/ca.crt")
            + ": not an OpenVPN static key (no '-----BEGIN OpenVPN Static key V1-----' block)",
        error(MIN + "tls-crypt: pki/ca.crt\n"));
    assertTrue(
        error(MIN + "tls-crypt: pki/tc.key\ntls-auth: { key: pki/tc.key }\n")
            .startsWith("gateway.yaml:4:18: tls-auth: cannot be combined with tls-crypt"));
  }

  @Test
  void missingAndMalformedDocuments() {
    assertEquals(
        "gateway.yaml: missing 'pool' (the client address pool, e.g. pool: 10.8.0.0/24)",
        error("tls: { ca: pki/ca.crt }\n"));
    assertEquals(
        "gateway.yaml: missing 'tls.key' (the gateway's private key)",
        error("pool: 10.8.0.0/24\ntls: { ca: pki/ca.crt, cert: pki/server.crt }\n"));
    assertEquals("gateway.yaml: the file is empty", error("# nothing\n"));
    assertTrue(error("pool: 10.8.0.0/24\npool: 10.9.0.0/24\n").startsWith("gateway.yaml:2:"));
    assertTrue(
        error("pool: [ 10.8.0.0/24\n").startsWith("gateway.yaml:"), error("pool: [ 10.8.0.0/24\n"));
  }

  @Test
  void clientConfigDir() throws Exception {
    java.nio.file.Files.createDirectories(dir.resolve("ccd"));
    ServerConfig c = load(MIN + "client-config-dir: { dir: ccd, exclusive: true }\n").config();
    assertEquals(new ClientConfigDir(dir.resolve("ccd"), true), c.clientConfigDir());
    c = load(MIN + "client-config-dir: { dir: ccd }\n").config();
    assertEquals(new ClientConfigDir(dir.resolve("ccd"), false), c.clientConfigDir());
    org.junit.jupiter.api.Assertions.assertTrue(
        error(MIN + "client-config-dir: { exclusive: true }\n").contains("needs its dir"));
  }
}
