package org.p2sgate.core.config;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.p2sgate.core.control.StaticKey;

/**
 * The mutable state both front ends fill in, with OpenVPN 2.6's defaults, and the checks that span
 * several settings. {@link #build} turns it into a {@link ServerConfig}.
 */
final class ConfigDraft {
  /** OpenVPN's MSSFIX_DEFAULT (options.h), applied when the gateway listens on UDP. */
  static final int MSSFIX_DEFAULT = 1492;

  InetAddress listenAddress;
  int port = 1194;
  ServerConfig.Transports transports = ServerConfig.Transports.UDP;
  String tunName;
  int tunMtu = 1500;
  int txQueueLen = KernelBuffers.DEFAULT_TUN_QUEUE;
  int sndbuf = KernelBuffers.DEFAULT;
  int rcvbuf = KernelBuffers.DEFAULT;
  Ipv4.Network pool;
  Ipv6Network pool6;
  final List<String> push = new ArrayList<>();
  Duration pingInterval = Duration.ofSeconds(10);
  Duration pingRestart = Duration.ofSeconds(120);
  List<String> dataCiphers = CryptoNames.DEFAULT_DATA_CIPHERS;
  String dataCiphersFallback;
  Pem ca;
  Pem cert;
  Pem key;
  TlsWrapConfig.Mode wrapMode = TlsWrapConfig.Mode.NONE;
  StaticKey wrapKey;
  int keyDirection = -1;
  String authDigest = CryptoNames.DEFAULT_DIGEST;
  org.p2sgate.core.control.TlsCryptV2ServerKey tlsCryptV2Key;
  final List<String> tlsCryptV2Revoked = new ArrayList<>();
  int tlsCryptV2MaxAgeDays;
  boolean clientToClient;
  boolean duplicateCn;
  int maxClients = 1024;
  int maxPendingLogins = 1024;
  int maxPendingPerSource = 32;
  ConnectRate connectRate = ConnectRate.DEFAULT;
  Duration renegSec = Duration.ofSeconds(3600);
  Duration handWindow = Duration.ofSeconds(60);
  String tlsVersionMin = "1.2";
  // p2sgate tells clients to reconnect on shutdown unless "explicit-exit-notify 0" says not to
  boolean explicitExitNotify = true;
  Integer mssfix;
  int verbosity = 1;
  Path statePath;
  Path poolPersist;
  ServerConfig.KeyDerivation keyDerivation = ServerConfig.KeyDerivation.AUTO;
  final List<Path> revokedThumbprints = new java.util.ArrayList<>();
  final List<Path> crlFiles = new java.util.ArrayList<>();
  AuthSettings auth = AuthSettings.CERTIFICATE;
  AdminSettings admin;
  StatusSettings status = StatusSettings.NONE;
  ManagementSettings management;
  ServerConfig.LogFormat logFormat = ServerConfig.LogFormat.TEXT;
  ProfileSettings profiles;
  Path clientConfigDir;
  RouteSettings routes;
  boolean ccdExclusive;
  Where ccdExclusiveAt;
  AccessPolicy access = AccessPolicy.OPEN;

  /** {@code client-config-dir}: an existing directory; {@code ccd-exclusive} needs one. */
  private ClientConfigDir clientConfigDir(String file) throws ConfigException {
    if (clientConfigDir == null) {
      if (ccdExclusive) {
        throw ccdExclusiveAt.error("'ccd-exclusive' needs a client-config-dir");
      }
      return null;
    }
    if (!java.nio.file.Files.isDirectory(clientConfigDir)) {
      throw new ConfigException(
          file + ": client-config-dir " + clientConfigDir + " is not a directory");
    }
    return new ClientConfigDir(clientConfigDir, ccdExclusive);
  }

  /** Validated PEM text and where it was configured. */
  record Pem(String text, Where where) {
    @Override
    public String toString() {
      return "Pem[" + where + "]";
    }
  }

  /**
   * Checks what spans several settings and builds the record. The caller has already reported
   * missing required settings in its own vocabulary.
   */
  ServerConfig build(String file, List<String> warnings, Instant now) throws ConfigException {
    try {
      PemMaterial.checkKeyMatches(cert.text(), key.text());
    } catch (ValueException e) {
      throw key.where().error(e.getMessage() + " (certificate configured at " + cert.where() + ")");
    }
    try {
      for (String note : PemMaterial.serverCertificateNotes(cert.text(), now)) {
        warnings.add(cert.where().note(note));
      }
    } catch (ValueException e) {
      throw cert.where().error("certificate " + e.getMessage());
    }
    TlsCryptV2Config v2 = null;
    if (tlsCryptV2Key != null) {
      v2 = new TlsCryptV2Config(tlsCryptV2Key, tlsCryptV2Revoked, tlsCryptV2MaxAgeDays);
    } else if (tlsCryptV2MaxAgeDays > 0 || !tlsCryptV2Revoked.isEmpty()) {
      throw new ConfigException(
          file + ": tls-crypt-v2 max-age and revoked keys need a tls-crypt-v2 server key");
    }
    TlsWrapConfig wrap =
        wrapMode == TlsWrapConfig.Mode.NONE
            ? new TlsWrapConfig(TlsWrapConfig.Mode.NONE, null, -1, authDigest, v2)
            : new TlsWrapConfig(wrapMode, wrapKey, keyDirection, authDigest, v2);
    ClientConfigDir ccd = clientConfigDir(file);
    int mss = mssfix != null ? mssfix : transports.udp() ? MSSFIX_DEFAULT : 0;
    try {
      return new ServerConfig(
          listenAddress,
          port,
          transports,
          tunName,
          tunMtu,
          pool.address(),
          pool.prefix(),
          push,
          pingInterval,
          pingRestart,
          dataCiphers,
          dataCiphersFallback,
          ca.text(),
          cert.text(),
          key.text(),
          wrap,
          clientToClient,
          duplicateCn,
          maxClients,
          maxPendingLogins,
          maxPendingPerSource,
          connectRate,
          renegSec,
          handWindow,
          tlsVersionMin,
          explicitExitNotify,
          mss,
          verbosity,
          statePath,
          poolPersist != null
              ? poolPersist
              : statePath != null ? statePath.resolve("ip-pool.txt") : null,
          keyDerivation,
          revokedThumbprints,
          crlFiles,
          auth,
          admin,
          status,
          management,
          logFormat,
          profiles,
          ccd,
          routes,
          access,
          pool6,
          new KernelBuffers(txQueueLen, sndbuf, rcvbuf));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new ConfigException(file + ": " + e.getMessage());
    }
  }
}
