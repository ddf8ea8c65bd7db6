package org.p2sgate.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.p2sgate.core.pki.DemoPki;

/** Every way a server.conf can be refused, each with its file and line. */
class OpenVpnConfigErrorsTest {
  @TempDir static Path dir;

  @BeforeAll
  static void pki() throws Exception {
    DemoPki.openOrCreate(dir.resolve("pki"));
    Files.writeString(
        dir.resolve("garbage.key"),
        "-----BEGIN PRIVATE KEY-----\nU0VDUkVUU0VDUkVU\n-----END PRIVATE KEY-----\n");
  }

  static String error(String text) {
    return assertThrows(
            ConfigException.class, () -> new OpenVpnConfigParser().parse(text, "server.conf", dir))
        .getMessage();
  }

  static Stream<Arguments> lineEight() {
    return Stream.of(
        Arguments.of(
            "fragment 1300",
            "unsupported directive 'fragment' (not supported by p2sgate; remove it)"),
        Arguments.of(
            "tls-crypt-v2-verify /etc/openvpn/verify.sh",
            "unsupported directive 'tls-crypt-v2-verify' (scripts are not run; to refuse a"
                + " tls-crypt-v2 client key by its metadata before any TLS, list it in gateway.yaml"
                + " tls-crypt-v2.revoked (README, tls-crypt-v2))"),
        Arguments.of(
            "plugin /usr/lib/openvpn/radiusplugin.so radiusplugin.cnf",
            "unsupported directive 'plugin' (plugins are not supported; RADIUS and Entra ID are"
                + " built in: run with --config gateway.yaml and its auth: block (README,"
                + " Authentication))"),
        Arguments.of(
            "verify-client-cert none",
            "unsupported directive 'verify-client-cert' (the auth policy decides whether a"
                + " certificate is asked for: gateway.yaml auth.policy (README, Authentication))"),
        Arguments.of("port 0", "'port' must be a number from 1 to 65535, got '0'"),
        Arguments.of("port 70000", "'port' must be a number from 1 to 65535, got '70000'"),
        Arguments.of("port 1194 1195", "'port' takes 1 argument, got 2"),
        Arguments.of("client-to-client yes", "'client-to-client' takes no arguments, got 1"),
        Arguments.of(
            "explicit-exit-notify 1 2", "'explicit-exit-notify' takes at most 1 argument, got 2"),
        Arguments.of(
            "server 10.8.0.0 255.0.255.0", "'server': netmask '255.0.255.0' is not contiguous"),
        Arguments.of(
            "server 10.8.0.1 255.255.255.0",
            "'server': '10.8.0.1 255.255.255.0' has host bits set: did you mean 10.8.0.0/24?"),
        Arguments.of(
            "server 10.8.0.0 255.255.255.255",
            "'server': the pool netmask must be from 255.0.0.0 (/8) to 255.255.255.252 (/30), got /32"),
        Arguments.of("server 10.8.0 255.255.255.0", "'server': '10.8.0' is not an IPv4 address"),
        Arguments.of(
            "server 10.8.0.0 255.255.255.0 nopool",
            "'server ... nopool' is not supported: p2sgate assigns client addresses from the pool"),
        Arguments.of(
            "topology net30",
            "'topology net30' is not supported: p2sgate only supports 'topology subnet'"),
        Arguments.of("topology p2p", "'topology p2p' is not supported"),
        Arguments.of("dev tap0", "TAP devices (layer 2 bridging) are not supported; use 'dev tun'"),
        Arguments.of(
            "dev-type tap", "TAP devices (layer 2 bridging) are not supported; use 'dev-type tun'"),
        Arguments.of(
            "dev averyveryverylongname", "device name 'averyveryverylongname' must be 1 to 15"),
        Arguments.of(
            "proto tcp-client",
            "'proto tcp-client' is for clients; a gateway uses 'proto tcp-server'"),
        Arguments.of("proto sctp", "unknown protocol 'sctp'"),
        Arguments.of(
            "cipher AES-256-CBC",
            "unsupported cipher 'AES-256-CBC': p2sgate only supports the AEAD ciphers AES-256-GCM, AES-128-GCM, CHACHA20-POLY1305"),
        Arguments.of(
            "cipher BF-CBC", "unsupported cipher 'BF-CBC': p2sgate only supports the AEAD ciphers"),
        Arguments.of("data-ciphers AES-256-GCM:AES-256-CBC", "unsupported cipher 'AES-256-CBC'"),
        Arguments.of("data-ciphers ?AES-192-GCM", "data-ciphers names no supported cipher"),
        Arguments.of("data-ciphers-fallback AES-256-CBC", "unsupported cipher 'AES-256-CBC'"),
        Arguments.of("auth MD5", "unsupported auth digest 'MD5': use one of SHA1, SHA256, SHA512"),
        Arguments.of("tls-version-min 1.1", "tls-version-min must be 1.2 or 1.3, got '1.1'"),
        Arguments.of(
            "tls-auth pki/tc.key 0",
            "'tls-auth' and 'tls-crypt' cannot both be used (the other is at line 7); keep one of them"),
        Arguments.of("tls-auth pki/tc.key 2", "key direction must be 0 or 1, got '2'"),
        Arguments.of(
            "key-direction 1",
            "'key-direction' only applies to 'tls-auth', which is not configured"),
        Arguments.of(
            "ca missing.crt",
            "cannot read 'ca' file " + dir.resolve("missing.crt") + ": no such file"),
        Arguments.of(
            "ca pki", "cannot read 'ca' file " + dir.resolve("pki") + ": it is a directory"),
        Arguments.of(
            "ca pki/server.key",
            "'ca' file "
                + dir.resolve("pki/server.key")
                + " holds a private key where only certificates are expected"),
        Arguments.of(
            "cert pki/tc.key",
            "'cert' file "
                + dir.resolve("pki/tc.key")
                + " holds a PEM block of type 'OpenVPN Static key V1' where a certificate was expected"),
        Arguments.of(
            "key pki/server.crt",
            "'key' file " + dir.resolve("pki/server.crt") + " holds no private key"),
        Arguments.of("key garbage.key", "holds a malformed or unsupported PEM block (private key)"),
        Arguments.of(
            "key pki/clients/demo.key",
            "the private key does not belong to the certificate (certificate configured at server.conf:5)"),
        Arguments.of(
            "tls-crypt pki/ca.crt",
            "'tls-crypt' file " + dir.resolve("pki/ca.crt") + ": not an OpenVPN static key"),
        Arguments.of("mode p2p", "'mode p2p' is not supported: p2sgate is a multi-client server"),
        Arguments.of(
            "keepalive 10 15", "'keepalive': the timeout must be at least twice the interval"),
        Arguments.of(
            "keepalive 10 60\nping 5",
            "'keepalive' and 'ping'/'ping-restart' cannot be combined (see line 8)"),
        Arguments.of("compress zstd", "unknown compression 'zstd'"),
        Arguments.of("comp-lzo maybe", "unknown 'comp-lzo' mode 'maybe'"),
        Arguments.of("verb 12", "'verb' must be a number from 0 to 11, got '12'"),
        Arguments.of("tun-mtu 100", "'tun-mtu' must be a number from 576 to 9000, got '100'"),
        Arguments.of("txqueuelen 0", "'txqueuelen' must be a number from 1 to 100000, got '0'"),
        Arguments.of("sndbuf -1", "'sndbuf' must be a number from 0 to 1073741824, got '-1'"),
        Arguments.of("rcvbuf 4MB", "'rcvbuf' must be a number from 0 to 1073741824, got '4MB'"),
        Arguments.of("local 1.2.3", "'local': '1.2.3' is not an IPv4 address"),
        Arguments.of("mssfix 1400 huge", "unknown 'mssfix' flag 'huge'"),
        Arguments.of("push \"\"", "'push' needs an option to push"),
        Arguments.of(
            "<connection>\nremote x\n</connection>",
            "unsupported inline block <connection> 'connection'"),
        Arguments.of("<port>\n1194\n</port>", "'port' cannot be given as an inline block"),
        Arguments.of("<key>\nnever closed", "inline block <key> has no </key>"),
        Arguments.of("ca \"unterminated", "no closing quotation (\")"),
        Arguments.of("ca c:\\pki\\ca.crt", "bad backslash ('\\') usage"));
  }

  @ParameterizedTest
  @MethodSource
  void lineEight(String line, String expected) {
    String message = error(OpenVpnConfigParserTest.MIN + line + "\n");
    int at = line.contains("\nping") ? 9 : 8;
    String prefix = "server.conf:" + at + ": ";
    assertTrue(message.startsWith(prefix), message);
    assertTrue(message.contains(expected), message);
    assertFalse(message.contains("\n"), message);
  }

  @Test
  void missingSettingsNameTheFile() {
    String min = OpenVpnConfigParserTest.MIN;
    assertEquals(
        "server.conf: missing 'ca' (file or inline <ca> block)",
        error(min.replace("ca pki/ca.crt\n", "")));
    assertEquals(
        "server.conf: missing 'key' (file or inline <key> block)",
        error(min.replace("key pki/server.key\n", "")));
    assertTrue(
        error(min.replace("server 10.8.0.0 255.255.255.0\n", ""))
            .startsWith("server.conf: missing 'server NETWORK NETMASK'"));
    assertTrue(error(min.replace("dev tun\n", "")).startsWith("server.conf: missing 'dev tun'"));
  }

  @Test
  void keyMaterialNeverAppearsInMessages() {
    String message = error(OpenVpnConfigParserTest.MIN + "key garbage.key\n");
    assertFalse(message.contains("U0VDUkVU"), message);
    message =
        error(
            OpenVpnConfigParserTest.MIN
                + "<key>\n-----BEGIN PRIVATE KEY-----\nU0VDUkVU\n-----END PRIVATE KEY-----\n</key>\n");
    assertFalse(message.contains("U0VDUkVU"), message);
  }

  @Test
  void encryptedKeysAreRefusedWithAHint() throws Exception {
    assumeTrue(Tools.available("openssl"));
    Path enc = dir.resolve("enc.key");
    Tools.run(
        dir,
        "openssl",
        "pkey",
        "-in",
        "pki/server.key",
        "-aes256",
        "-passout",
        "pass:secret",
        "-out",
        enc.toString());
    String message = error(OpenVpnConfigParserTest.MIN + "key enc.key\n");
    assertTrue(message.startsWith("server.conf:8: 'key' file"), message);
    assertTrue(message.contains("encrypted private key"), message);
  }
}
