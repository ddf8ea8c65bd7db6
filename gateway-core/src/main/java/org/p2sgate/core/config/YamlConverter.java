package org.p2sgate.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.p2sgate.core.config.YamlModel.Scalar;
import org.p2sgate.core.control.StaticKey;

/** Validates a bound {@code gateway.yaml} and turns it into a {@link ServerConfig}. */
final class YamlConverter {
  private final String file;
  private final Path baseDir;
  private final List<String> warnings = new ArrayList<>();
  private final ConfigDraft d = new ConfigDraft();
  private final ReplicaOrdinal ordinal;

  YamlConverter(String file, Path baseDir) {
    this(file, baseDir, ReplicaOrdinal.NONE);
  }

  YamlConverter(String file, Path baseDir, ReplicaOrdinal ordinal) {
    this.file = file;
    this.baseDir = baseDir;
    this.ordinal = ordinal;
    // Defaults where the YAML front end is friendlier than OpenVPN's.
    d.tunName = "p2s0";
    d.pingRestart = Duration.ofSeconds(60);
    d.explicitExitNotify = true;
    d.verbosity = 3;
  }

  ParsedConfig convert(YamlModel.Root r, Instant now) throws ConfigException {
    if (r.listen() != null) {
      listen(r.listen());
    }
    if (r.tun() != null) {
      d.tunName = r.tun().name() == null ? d.tunName : tunName(r.tun().name());
      d.tunMtu = r.tun().mtu() == null ? d.tunMtu : integer(r.tun().mtu(), "tun.mtu", 576, 9000);
      if (r.tun().txqueuelen() != null) {
        d.txQueueLen =
            integer(r.tun().txqueuelen(), "tun.txqueuelen", 1, KernelBuffers.MAX_TUN_QUEUE);
      }
    }
    d.pool = pool(required(r.pool(), "pool", "the client address pool, e.g. pool: 10.8.0.0/24"));
    if (r.pool6() != null) {
      if (r.pool().map() != null) {
        // each replica's offsets start at its slice: they would hand out the same IPv6 addresses
        throw error(
            r.pool6(),
            "pool6",
            "not supported with a sliced pool (pool: { net, slice }) yet; use one gateway");
      }
      d.pool6 = pool6(r.pool6(), d.pool);
    }
    if (r.push() != null) {
      YamlPush.apply(r.push(), this, d.push);
    }
    keepalive(r.keepalive());
    ciphers(r);
    tls(required(r.tls(), "tls", "tls: { ca: ..., cert: ..., key: ... }"));
    wrap(r);
    d.clientToClient = r.clientToClient() != null && bool(r.clientToClient(), "client-to-client");
    d.duplicateCn = r.duplicateCn() != null && bool(r.duplicateCn(), "duplicate-cn");
    if (r.maxClients() != null) {
      d.maxClients = integer(r.maxClients(), "max-clients", 1, 65536);
    }
    if (r.maxPendingLogins() != null) {
      d.maxPendingLogins = integer(r.maxPendingLogins(), "max-pending-logins", 1, 65536);
    }
    if (r.maxPendingPerSource() != null) {
      d.maxPendingPerSource = integer(r.maxPendingPerSource(), "max-pending-per-source", 1, 65536);
    }
    if (r.connectRate() != null) {
      d.connectRate = connectRate(r.connectRate());
    }
    if (r.reneg() != null) {
      d.renegSec = duration(r.reneg(), "reneg", Duration.ZERO);
    }
    if (r.handWindow() != null) {
      d.handWindow = duration(r.handWindow(), "hand-window", Duration.ofSeconds(1));
    }
    if (r.mssfix() != null) {
      d.mssfix = integer(r.mssfix(), "mssfix", 0, 9000);
    }
    if (r.revocation() != null) {
      revocationFiles(r.revocation().thumbprints(), "revocation.thumbprints", d.revokedThumbprints);
      revocationFiles(r.revocation().crl(), "revocation.crl", d.crlFiles);
    }
    if (r.auth() != null) {
      d.auth = new YamlAuth(this).convert(r.auth());
    }
    if (r.keyDerivation() != null) {
      d.keyDerivation = keyDerivation(r.keyDerivation());
    }
    if (r.explicitExitNotify() != null) {
      d.explicitExitNotify = bool(r.explicitExitNotify(), "explicit-exit-notify");
    }
    if (r.verb() != null) {
      d.verbosity = integer(r.verb(), "verb", 0, 11);
    }
    if (r.log() != null && r.log().format() != null) {
      d.logFormat =
          choice(
              r.log().format(),
              "log.format",
              ServerConfig.LogFormat.TEXT,
              Map.of("text", ServerConfig.LogFormat.TEXT, "json", ServerConfig.LogFormat.JSON),
              "must be text or json, got '" + r.log().format().text() + "'");
    }
    if (r.admin() != null) {
      d.admin = admin(r.admin());
    }
    if (r.status() != null) {
      d.status = YamlOperator.status(r.status(), this);
    }
    if (r.management() != null) {
      d.management = YamlOperator.management(r.management(), this);
    }
    d.profiles = profiles(r.profiles());
    if (r.stateDir() != null) {
      d.statePath = ConfigFiles.resolve(baseDir, r.stateDir().text());
    }
    if (r.poolPersist() != null) {
      d.poolPersist = ConfigFiles.resolve(baseDir, r.poolPersist().text());
    }
    if (r.clientConfigDir() != null) {
      clientConfigDir(r.clientConfigDir(), d);
    }
    if (r.routes() != null) {
      d.routes = YamlRoutes.apply(r.routes(), this, d.push);
    }
    if (r.access() != null) {
      d.access = YamlAccess.convert(r.access(), this, d.pool);
    }
    return new ParsedConfig(d.build(file, warnings, now), warnings);
  }

  /** {@code client-config-dir: { dir: ccd, exclusive: false }}: server.conf's two directives. */
  private void clientConfigDir(YamlModel.ClientConfigDir c, ConfigDraft d) throws ConfigException {
    if (c.dir() == null) {
      throw new ConfigException(file + ": client-config-dir needs its dir");
    }
    d.clientConfigDir = ConfigFiles.resolve(baseDir, c.dir().text());
    d.ccdExclusive = c.exclusive() != null && bool(c.exclusive(), "client-config-dir.exclusive");
  }

  /**
   * {@code profiles: { pki: pki, remotes: [ vpn.example.com:1194:udp ], static-challenge: ... }}.
   */
  private ProfileSettings profiles(YamlModel.Profiles p) throws ConfigException {
    ProfileSettings defaults = ProfileSettings.defaults(baseDir);
    if (p == null) {
      return defaults;
    }
    List<Remote> remotes = new ArrayList<>();
    if (p.remotes() != null) {
      for (Scalar s : p.remotes()) {
        try {
          remotes.add(Remote.parse(s.text()));
        } catch (IllegalArgumentException e) {
          throw error(s, "profiles.remotes", e.getMessage());
        }
      }
    }
    try {
      return new ProfileSettings(
          p.pki() == null ? defaults.pkiDir() : ConfigFiles.resolve(baseDir, p.pki().text()),
          remotes,
          p.staticChallenge() == null ? null : p.staticChallenge().text());
    } catch (IllegalArgumentException e) {
      throw error(p.staticChallenge(), "profiles.static-challenge", e.getMessage());
    }
  }

  /** {@code admin: { listen: 127.0.0.1:9194, token-file: admin.token }}. */
  private AdminSettings admin(YamlModel.Admin a) throws ConfigException {
    java.net.InetSocketAddress listen =
        a.listen() == null
            ? new java.net.InetSocketAddress(
                java.net.InetAddress.getLoopbackAddress(), AdminSettings.DEFAULT_PORT)
            : hostPort(a.listen(), "admin.listen", "127.0.0.1:9194");
    Scalar token =
        required(a.tokenFile(), "admin.token-file", "the file with the API's bearer token");
    String[] pems = a.tls() == null ? new String[2] : tlsPair(a.tls(), "admin", "the admin API's");
    String certPem = pems[0];
    String keyPem = pems[1];
    boolean sessionMetrics =
        a.sessionMetrics() != null && bool(a.sessionMetrics(), "admin.session-metrics");
    java.time.Duration grace =
        a.backendGrace() == null
            ? AdminSettings.DEFAULT_BACKEND_GRACE
            : duration(a.backendGrace(), "admin.backend-grace", java.time.Duration.ofSeconds(1));
    return new AdminSettings(
        listen, ConfigFiles.resolve(baseDir, token.text()), certPem, keyPem, sessionMetrics, grace);
  }

  /** {@code ADDRESS:PORT} ({@code [v6]:PORT} too) at {@code key}; {@code example} for errors. */
  java.net.InetSocketAddress hostPort(Scalar at, String key, String example)
      throws ConfigException {
    String text = at.text();
    int colon = text.lastIndexOf(':');
    if (colon <= 0) {
      throw error(at, key, "expected ADDRESS:PORT, e.g. " + example);
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 1 || port > 65535) {
      throw error(at, key, "port must be 1..65535: '" + text + "'");
    }
    try {
      return new java.net.InetSocketAddress(Inet.address(host, false), port);
    } catch (ValueException e) {
      throw error(at, key, e.getMessage());
    }
  }

  /**
   * A listener's {@code tls: { cert, key }} under {@code prefix}: the chain's PEM and the matching
   * key's PKCS#8 PEM; {@code whose} names the listener in errors.
   */
  String[] tlsPair(YamlModel.AdminTls t, String prefix, String whose) throws ConfigException {
    Scalar cert = required(t.cert(), prefix + ".tls.cert", whose + " certificate");
    Scalar key = required(t.key(), prefix + ".tls.key", whose + " private key");
    String certPem;
    String keyPem;
    try {
      certPem = PemMaterial.certificates(read(cert, prefix + ".tls.cert"));
    } catch (ValueException e) {
      throw error(cert, prefix + ".tls.cert", fileProblem(cert, e));
    }
    try {
      keyPem = PemMaterial.privateKey(read(key, prefix + ".tls.key"));
      PemMaterial.checkKeyMatches(certPem, keyPem);
    } catch (ValueException e) {
      throw error(key, prefix + ".tls.key", fileProblem(key, e));
    }
    return new String[] {certPem, keyPem};
  }

  private void listen(YamlModel.Listen l) throws ConfigException {
    if (l.address() != null) {
      try {
        d.listenAddress = Inet.address(l.address().text(), false);
      } catch (ValueException e) {
        throw error(l.address(), "listen.address", e.getMessage());
      }
    }
    if (l.port() != null) {
      d.port = integer(l.port(), "listen.port", 1, 65535);
    }
    if (l.proto() != null) {
      d.transports =
          switch (l.proto().text()) {
            case "udp" -> ServerConfig.Transports.UDP;
            case "tcp" -> ServerConfig.Transports.TCP;
            case "udp+tcp", "tcp+udp" -> ServerConfig.Transports.UDP_AND_TCP;
            default ->
                throw error(
                    l.proto(),
                    "listen.proto",
                    "must be udp, tcp or udp+tcp, got '" + l.proto().text() + "'");
          };
    }
    if (l.sndbuf() != null) {
      d.sndbuf = integer(l.sndbuf(), "listen.sndbuf", 0, KernelBuffers.MAX_SOCKET_BUFFER);
    }
    if (l.rcvbuf() != null) {
      d.rcvbuf = integer(l.rcvbuf(), "listen.rcvbuf", 0, KernelBuffers.MAX_SOCKET_BUFFER);
    }
  }

  private String tunName(Scalar s) throws ConfigException {
    String name = s.text();
    if (name.length() > 15 || !name.matches("[A-Za-z0-9_.%-]+")) {
      throw error(
          s, "tun.name", "must be 1 to 15 letters, digits or '_', '-', '.', got '" + name + "'");
    }
    return name;
  }

  private Ipv4.Network pool(YamlModel.Pool p) throws ConfigException {
    if (p.cidr() != null) {
      return pool(p.cidr());
    }
    YamlModel.PoolMap m = p.map();
    Where at = new Where(file, p.line(), p.column());
    if (m.net() == null) {
      throw at.error("pool: missing 'net' (the network the slices are cut from, e.g. 10.8.0.0/16)");
    }
    Ipv4.Network net;
    try {
      net = Ipv4.cidr(m.net().text());
      if (net.prefix() < 8 || net.prefix() > 29) {
        throw new ValueException("the prefix length must be from /8 to /29, got /" + net.prefix());
      }
    } catch (ValueException e) {
      throw error(m.net(), "pool.net", e.getMessage());
    }
    int slicePrefix =
        m.slicePrefix() == null ? 24 : integer(m.slicePrefix(), "pool.slice-prefix", 9, 30);
    if (m.slice() == null) {
      throw at.error("pool: missing 'slice' (auto: the replica's ordinal; or a number)");
    }
    int index;
    if (m.slice().text().equals("auto")) {
      if (ordinal.value().isEmpty()) {
        throw error(
            m.slice(), "pool.slice", "auto needs this replica's ordinal: " + ordinal.source());
      }
      index = ordinal.value().getAsInt();
    } else {
      index = integer(m.slice(), "pool.slice", 0, ReplicaOrdinal.MAX);
    }
    try {
      return Ipv4.slice(net, slicePrefix, index);
    } catch (ValueException e) {
      throw error(
          m.slice(),
          "pool.slice",
          e.getMessage()
              + (m.slice().text().equals("auto")
                  ? " (ordinal from " + ordinal.source() + ")"
                  : ""));
    }
  }

  private Ipv4.Network pool(Scalar s) throws ConfigException {
    try {
      Ipv4.Network n = Ipv4.cidr(s.text());
      if (n.prefix() < 8 || n.prefix() > 30) {
        throw new ValueException("the prefix length must be from /8 to /30, got /" + n.prefix());
      }
      return n;
    } catch (ValueException e) {
      throw error(s, "pool", e.getMessage());
    }
  }

  /** {@code pool6: NET/BITS}: the IPv6 tunnel network, each address tied to an IPv4 one. */
  private Ipv6Network pool6(Scalar s, Ipv4.Network v4) throws ConfigException {
    try {
      Ipv6Network n = Ipv6Network.parse(s.text());
      String problem =
          org.p2sgate.core.ippool.Ipv6Pool.capacityProblem(
              n.prefix(), (1L << (32 - v4.prefix())) - 3);
      if (problem != null) {
        throw new ValueException(problem);
      }
      if (d.listenAddress != null && n.contains(d.listenAddress)) {
        throw new ValueException(
            "the listen address "
                + org.p2sgate.core.ippool.Ipv6Text.of(d.listenAddress)
                + " lies inside it");
      }
      return n;
    } catch (ValueException e) {
      throw error(s, "pool6", e.getMessage());
    }
  }

  private ConnectRate connectRate(YamlModel.ConnectRate r) throws ConfigException {
    ConnectRate dflt = ConnectRate.DEFAULT;
    Duration window =
        r.window() == null
            ? dflt.window()
            : duration(r.window(), "connect-rate.window", Duration.ofSeconds(1));
    if (window.toSeconds() > 3_600) {
      throw error(r.window(), "connect-rate.window", "must be at most 1h");
    }
    return new ConnectRate(
        window,
        count(r.perSource(), "connect-rate.per-source", dflt.perSource()),
        count(r.perNetwork(), "connect-rate.per-network", dflt.perNetwork()),
        count(r.total(), "connect-rate.total", dflt.total()));
  }

  private int count(Scalar s, String key, int dflt) throws ConfigException {
    return s == null ? dflt : integer(s, key, 1, ConnectRate.MAX);
  }

  private void keepalive(YamlModel.Keepalive k) throws ConfigException {
    if (k == null) {
      return;
    }
    if (k.interval() != null) {
      d.pingInterval = duration(k.interval(), "keepalive.interval", Duration.ofSeconds(1));
    }
    if (k.timeout() != null) {
      d.pingRestart = duration(k.timeout(), "keepalive.timeout", Duration.ofSeconds(1));
    }
    if (d.pingRestart.compareTo(d.pingInterval.multipliedBy(2)) < 0) {
      Scalar at = k.timeout() != null ? k.timeout() : k.interval();
      throw error(
          at, "keepalive", "the timeout must be at least twice the interval (e.g. 10s and 60s)");
    }
  }

  private void ciphers(YamlModel.Root r) throws ConfigException {
    if (r.dataCiphers() != null && !r.dataCiphers().isEmpty()) {
      Scalar first = r.dataCiphers().get(0);
      List<String> names = new ArrayList<>();
      for (Scalar s : r.dataCiphers()) {
        names.add(s.text());
      }
      try {
        d.dataCiphers = CryptoNames.cipherList(names, w -> warnings.add(at(first).note(w)));
      } catch (ValueException e) {
        throw error(first, "data-ciphers", e.getMessage());
      }
    }
    if (r.dataCiphersFallback() != null) {
      try {
        d.dataCiphersFallback = CryptoNames.cipher(r.dataCiphersFallback().text());
      } catch (ValueException e) {
        throw error(r.dataCiphersFallback(), "data-ciphers-fallback", e.getMessage());
      }
    }
  }

  private void tls(YamlModel.Tls t) throws ConfigException {
    Scalar ca = required(t.ca(), "tls.ca", "the CA certificate that signs client certificates");
    Scalar cert = required(t.cert(), "tls.cert", "the gateway's certificate");
    Scalar key = required(t.key(), "tls.key", "the gateway's private key");
    try {
      d.ca = new ConfigDraft.Pem(PemMaterial.certificates(caText(ca)), at(ca));
      d.cert = new ConfigDraft.Pem(PemMaterial.certificates(read(cert, "tls.cert")), at(cert));
    } catch (ValueException e) {
      Scalar which = d.ca == null ? ca : cert;
      throw error(which, which == ca ? "tls.ca" : "tls.cert", fileProblem(which, e));
    }
    try {
      d.key = new ConfigDraft.Pem(PemMaterial.privateKey(read(key, "tls.key")), at(key));
    } catch (ValueException e) {
      throw error(key, "tls.key", fileProblem(key, e));
    }
    if (t.versionMin() != null) {
      try {
        d.tlsVersionMin = CryptoNames.tlsVersion(t.versionMin().text());
      } catch (ValueException e) {
        throw error(t.versionMin(), "tls.version-min", e.getMessage());
      }
    }
  }

  private void wrap(YamlModel.Root r) throws ConfigException {
    if (r.tlsCrypt() != null && r.tlsAuth() != null) {
      Scalar at = r.tlsAuth().key() != null ? r.tlsAuth().key() : r.tlsCrypt();
      throw error(at, "tls-auth", "cannot be combined with tls-crypt; keep one of them");
    }
    if (r.tlsCrypt() != null) {
      d.wrapMode = TlsWrapConfig.Mode.TLS_CRYPT;
      d.wrapKey = staticKey(r.tlsCrypt(), "tls-crypt");
    } else if (r.tlsAuth() != null) {
      YamlModel.TlsAuth a = r.tlsAuth();
      d.wrapMode = TlsWrapConfig.Mode.TLS_AUTH;
      d.wrapKey =
          staticKey(required(a.key(), "tls-auth.key", "the tls-auth key file"), "tls-auth.key");
      d.keyDirection =
          a.direction() == null ? 0 : integer(a.direction(), "tls-auth.direction", 0, 1);
      if (a.digest() != null) {
        try {
          d.authDigest = CryptoNames.digest(a.digest().text());
        } catch (ValueException e) {
          throw error(a.digest(), "tls-auth.digest", e.getMessage());
        }
      }
    }
    if (r.tlsCryptV2() != null) {
      tlsCryptV2(r.tlsCryptV2());
    }
  }

  /**
   * {@code tls-crypt-v2: { server-key: FILE, revoked: FILE, max-age-days: N }}; the revoked file
   * holds one entry a line ({@link TlsCryptV2Config#revoked()}), '#' starts a comment.
   */
  private void tlsCryptV2(YamlModel.TlsCryptV2 v) throws ConfigException {
    Scalar keyFile =
        required(v.serverKey(), "tls-crypt-v2.server-key", "the tls-crypt-v2 server key file");
    try {
      d.tlsCryptV2Key =
          org.p2sgate.core.control.TlsCryptV2ServerKey.parse(
              read(keyFile, "tls-crypt-v2.server-key"));
    } catch (IllegalArgumentException e) {
      throw error(
          keyFile,
          "tls-crypt-v2.server-key",
          "file " + ConfigFiles.resolve(baseDir, keyFile.text()) + ": " + e.getMessage());
    }
    if (v.maxAgeDays() != null) {
      d.tlsCryptV2MaxAgeDays = integer(v.maxAgeDays(), "tls-crypt-v2.max-age-days", 0, 36_500);
    }
    if (v.revoked() != null) {
      String text = read(v.revoked(), "tls-crypt-v2.revoked");
      String[] lines = text.split("\\R");
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i].strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        try {
          TlsCryptV2Config.checkEntry(line);
        } catch (IllegalArgumentException e) {
          throw error(
              v.revoked(),
              "tls-crypt-v2.revoked",
              "file "
                  + ConfigFiles.resolve(baseDir, v.revoked().text())
                  + " line "
                  + (i + 1)
                  + ": "
                  + e.getMessage());
        }
        d.tlsCryptV2Revoked.add(line);
      }
    }
  }

  private StaticKey staticKey(Scalar s, String key) throws ConfigException {
    String text = read(s, key);
    try {
      return StaticKey.parse(text);
    } catch (IllegalArgumentException e) {
      throw error(s, key, "file " + ConfigFiles.resolve(baseDir, s.text()) + ": " + e.getMessage());
    }
  }

  private String fileProblem(Scalar s, ValueException e) {
    return "file " + ConfigFiles.resolve(baseDir, s.text()) + " " + e.getMessage();
  }

  /**
   * The trusted roots as PEM text: the file {@code tls.ca} names, or every certificate file (PEM or
   * DER: .pem, .crt, .cer, .der) directly inside the folder it names.
   */
  private String caText(Scalar ca) throws ConfigException {
    java.nio.file.Path path = ConfigFiles.resolve(baseDir, ca.text());
    if (!java.nio.file.Files.isDirectory(path)) {
      return read(ca, "tls.ca");
    }
    try {
      StringBuilder pem = new StringBuilder();
      for (java.security.cert.X509Certificate c :
          org.p2sgate.auth.cert.TrustStore.load(java.util.List.of(path)).certificates()) {
        pem.append(PemMaterial.pem("CERTIFICATE", c.getEncoded()));
      }
      return pem.toString();
    } catch (java.io.IOException
        | IllegalArgumentException
        | java.security.cert.CertificateException e) {
      throw error(ca, "tls.ca", "folder " + path + ": " + e.getMessage());
    }
  }

  /** The text of the file a value names (relative to the YAML file). */
  String readFile(Scalar s, String key) throws ConfigException {
    return read(s, key);
  }

  /** {@code name} relative to the YAML file's folder unless absolute. */
  Path resolve(String name) {
    return ConfigFiles.resolve(baseDir, name);
  }

  private String read(Scalar s, String key) throws ConfigException {
    return ConfigFiles.read(ConfigFiles.resolve(baseDir, s.text()), at(s), key + " file");
  }

  Where at(Scalar s) {
    return new Where(file, s.line(), s.column());
  }

  /** The file's name as messages show it. */
  String file() {
    return file;
  }

  ConfigException error(Scalar s, String key, String message) {
    return at(s).error(key + ": " + message);
  }

  <T> T required(T value, String key, String what) throws ConfigException {
    if (value == null) {
      throw Where.file(file).error("missing '" + key + "' (" + what + ")");
    }
    return value;
  }

  int integer(Scalar s, String key, int min, int max) throws ConfigException {
    String t = s.text();
    if (!t.isEmpty() && t.length() <= 10 && t.chars().allMatch(Character::isDigit)) {
      long v = Long.parseLong(t);
      if (v >= min && v <= max) {
        return (int) v;
      }
    }
    throw error(s, key, "must be a number from " + min + " to " + max + ", got '" + t + "'");
  }

  /**
   * The value a keyword names, looked up case-insensitively in {@code names}; {@code fallback} when
   * the key is absent, an error saying {@code expected} for any other word.
   */
  <T> T choice(Scalar s, String key, T fallback, Map<String, T> names, String expected)
      throws ConfigException {
    if (s == null) {
      return fallback;
    }
    T v = names.get(s.text().toLowerCase(java.util.Locale.ROOT));
    if (v == null) {
      throw error(s, key, expected);
    }
    return v;
  }

  boolean bool(Scalar s, String key) throws ConfigException {
    return switch (s.text()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw error(s, key, "must be true or false, got '" + s.text() + "'");
    };
  }

  Duration duration(Scalar s, String key, Duration min) throws ConfigException {
    try {
      Duration v = Durations.parse(s.text());
      if (v.compareTo(min) < 0) {
        throw new ValueException("must be at least " + min.toSeconds() + "s");
      }
      return v;
    } catch (ValueException e) {
      throw error(s, key, e.getMessage());
    }
  }

  private ServerConfig.KeyDerivation keyDerivation(Scalar v) throws ConfigException {
    return switch (v.text().toLowerCase(java.util.Locale.ROOT)) {
      case "auto", "tls-ekm" -> ServerConfig.KeyDerivation.AUTO;
      case "prf" -> ServerConfig.KeyDerivation.PRF;
      default ->
          throw error(v, "key-derivation", "must be 'auto' or 'prf', got '" + v.text() + "'");
    };
  }

  private void revocationFiles(List<Scalar> files, String key, List<java.nio.file.Path> into)
      throws ConfigException {
    if (files == null) {
      return;
    }
    for (Scalar f : files) {
      java.nio.file.Path p = ConfigFiles.resolve(baseDir, f.text());
      if (!java.nio.file.Files.isReadable(p)) {
        throw error(f, key, "cannot read " + p);
      }
      into.add(p);
    }
  }
}
