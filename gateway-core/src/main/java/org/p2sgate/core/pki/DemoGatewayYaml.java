package org.p2sgate.core.pki;

/**
 * The {@code gateway.yaml} the demo starts from: the demo PKI, UDP on one port, pool 10.8.0.0/24 on
 * TUN device p2s0, tls-crypt. Nothing is pushed: the demo gateway serves no DNS and does not know
 * which networks lie behind it, so the file shows how to add both.
 */
public final class DemoGatewayYaml {
  private DemoGatewayYaml() {}

  /**
   * The file text; paths are relative to the data directory that holds it.
   *
   * @param port UDP port to listen on
   */
  public static String render(int port) {
    return render(port, null);
  }

  /**
   * As {@link #render(int)}, keeping the client address pool under {@code stateDir} ({@code
   * state-dir:}, e.g. a container's {@code /var/lib/p2sgate}) instead of next to this file.
   *
   * @param stateDir an absolute directory, or {@code null} for {@code pool-persist: ip-pool.txt}
   */
  public static String render(int port, String stateDir) {
    if (stateDir != null && !stateDir.matches("/[A-Za-z0-9._/-]*")) {
      throw new IllegalArgumentException(
          "state directory must be an absolute path, got " + stateDir);
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535, got " + port);
    }
    String pki = "pki/";
    return """
        # p2sgate demo gateway. `p2sgate demo` created this file and serves from it on every
        # start; edit it freely (then restart). `p2sgate serve --config gateway.yaml` reads it too.
        listen: { port: %d, proto: udp }
        tun: { name: p2s0, mtu: 1500 }
        pool: 10.8.0.0/24            # the gateway is 10.8.0.1, clients get .2 and up
        %s
        keepalive: { interval: 10s, timeout: 60s }
        tls:
          ca: %s%s
          cert: %s%s
          key: %s%s
        tls-crypt: %s%s
        # health, readiness and Prometheus metrics, and with the token the sessions API:
        #   curl -H "Authorization: Bearer $(cat admin.token)" http://127.0.0.1:9194/api/v1/sessions
        admin: { listen: 127.0.0.1:9194, token-file: admin.token }
        # To let clients reach networks behind the gateway, push routes (and a DNS server there):
        # push:
        #   routes: [ 192.168.10.0/24 ]
        #   dns: [ 192.168.10.53 ]
        """
        .formatted(
            port,
            stateDir == null
                ? "pool-persist: ip-pool.txt    # each client keeps its address across restarts"
                : "state-dir: " + stateDir + "   # ip-pool.txt: each client keeps its address",
            pki,
            DemoPki.CA_CERT,
            pki,
            DemoPki.SERVER_CERT,
            pki,
            DemoPki.SERVER_KEY,
            pki,
            DemoPki.TLS_CRYPT_KEY);
  }
}
