package org.p2sgate.core.pki;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.p2sgate.auth.entra.EntraConfig;
import org.p2sgate.core.config.ServerConfig;
import org.p2sgate.core.config.TlsWrapConfig;

/**
 * The profile package in the layout of the cloud gateway's "Download VPN client" zip, so that the
 * instructions and MDM scripts written for it keep working:
 *
 * <pre>
 * OpenVPN/vpnconfig.ovpn         the OpenVPN profile (here complete: certificate and key filled in)
 * Generic/VpnSettings.xml        the server's name and settings (VpnServer, ...)
 * Generic/VpnServerRoot.cer      the CA that issued the gateway's certificate (DER)
 * AzureVPN/azurevpnconfig.xml    for an Entra ID policy: tenant, issuer, audience, server
 * </pre>
 */
public final class AzureProfile {
  static final String OVPN = "OpenVPN/vpnconfig.ovpn";
  static final String SETTINGS = "Generic/VpnSettings.xml";
  static final String ROOT = "Generic/VpnServerRoot.cer";
  static final String AZURE_VPN = "AzureVPN/azurevpnconfig.xml";

  private AzureProfile() {}

  /** The zip's entries, in order: name to content. */
  static Map<String, byte[]> entries(ServerConfig server, ProfileOptions o, String ovpn) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    out.put(OVPN, ovpn.getBytes(StandardCharsets.UTF_8));
    out.put(SETTINGS, utf8(vpnSettings(server, o)));
    out.put(ROOT, CertFacts.firstCertificateDer(server.caPem()));
    if (o.methods().contains("entra")) {
      EntraConfig entra = server.auth().entra();
      if (entra == null) {
        throw new IllegalArgumentException("the policy names entra, which is not configured");
      }
      out.put(AZURE_VPN, utf8(azureVpnConfig(server, o, entra)));
    }
    return out;
  }

  /** The zip file's bytes, entries stamped with {@code now}. */
  public static byte[] zip(ServerConfig server, ProfileOptions o, String ovpn, Instant now) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> e : entries(server, o, ovpn).entrySet()) {
        ZipEntry entry = new ZipEntry(e.getKey());
        entry.setLastModifiedTime(FileTime.from(now));
        zip.putNextEntry(entry);
        zip.write(e.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a zip in memory", e);
    }
    return bytes.toByteArray();
  }

  static String vpnSettings(ServerConfig server, ProfileOptions o) {
    String pool = server.poolNetwork().getHostAddress() + "/" + server.poolPrefix();
    StringBuilder x = new StringBuilder();
    x.append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")
        .append("<VpnProfile xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"")
        .append(" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">\n");
    element(x, "  ", "VpnServer", o.remotes().get(0).host());
    element(x, "  ", "VpnType", "OpenVPN");
    element(x, "  ", "VpnPort", String.valueOf(firstPort(server, o)));
    element(x, "  ", "VpnProtocol", firstProto(server, o));
    element(x, "  ", "Routes", String.join(",", pushed(server, "route ")));
    element(x, "  ", "CustomDnsServers", String.join(",", pushed(server, "dhcp-option DNS ")));
    element(x, "  ", "VpnClientAddressPool", pool);
    element(x, "  ", "AuthenticationMethod", String.join("+", o.methods()));
    x.append("</VpnProfile>\n");
    return x.toString();
  }

  static String azureVpnConfig(ServerConfig server, ProfileOptions o, EntraConfig entra) {
    String tenant = entra.tenantId();
    String issuer =
        entra.allowedIssuers().stream()
            .filter(i -> i.startsWith("https://sts.windows.net/"))
            .findFirst()
            .orElse(entra.allowedIssuers().get(0));
    StringBuilder x = new StringBuilder();
    x.append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")
        .append("<AzVpnProfile xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\"")
        .append(" xmlns=\"http://schemas.datacontract.org/2004/07/\">\n")
        .append("  <clientauth>\n")
        .append("    <aad>\n");
    element(x, "      ", "audience", entra.audiences().get(0));
    element(x, "      ", "issuer", issuer);
    element(x, "      ", "tenant", "https://login.microsoftonline.com/" + tenant + "/");
    x.append("    </aad>\n");
    element(x, "    ", "type", "aad");
    x.append("  </clientauth>\n");
    List<String> dns = pushed(server, "dhcp-option DNS ");
    if (dns.isEmpty()) {
      x.append("  <clientconfig i:nil=\"true\" />\n");
    } else {
      x.append("  <clientconfig>\n    <dnsservers>\n");
      dns.forEach(d -> element(x, "      ", "dnsserver", d));
      x.append("    </dnsservers>\n  </clientconfig>\n");
    }
    element(x, "  ", "name", o.remotes().get(0).host());
    x.append("  <protocolconfig>\n    <sslprotocolConfig>\n");
    element(x, "      ", "transportprotocol", firstProto(server, o));
    x.append("    </sslprotocolConfig>\n  </protocolconfig>\n");
    x.append("  <serverlist>\n");
    for (String host : o.remotes().stream().map(r -> r.host()).distinct().toList()) {
      x.append("    <ServerEntry>\n");
      element(x, "      ", "displayname", host);
      element(x, "      ", "fqdn", host);
      x.append("    </ServerEntry>\n");
    }
    x.append("  </serverlist>\n");
    x.append("  <servervalidation>\n");
    TlsWrapConfig wrap = server.tlsWrap();
    if (wrap.mode() != TlsWrapConfig.Mode.NONE) {
      element(x, "    ", "serversecret", HexFormat.of().formatHex(wrap.key().bytes()));
    }
    element(x, "    ", "type", "cert");
    x.append("  </servervalidation>\n");
    element(x, "  ", "version", "1");
    x.append("</AzVpnProfile>\n");
    return x.toString();
  }

  private static int firstPort(ServerConfig server, ProfileOptions o) {
    int p = o.remotes().get(0).port();
    return p == 0 ? server.port() : p;
  }

  private static String firstProto(ServerConfig server, ProfileOptions o) {
    String p = o.remotes().get(0).proto();
    return p != null ? p : server.transports().udp() ? "udp" : "tcp";
  }

  /** The arguments of pushed options that start with {@code prefix}, as CIDR for routes. */
  private static List<String> pushed(ServerConfig server, String prefix) {
    List<String> out = new ArrayList<>();
    for (String option : server.push()) {
      if (!option.startsWith(prefix)) {
        continue;
      }
      String[] words = option.substring(prefix.length()).strip().split("\\s+");
      if (prefix.equals("route ") && words.length >= 2) {
        out.add(words[0] + "/" + prefixLength(words[1]));
      } else if (words.length >= 1 && !words[0].isEmpty()) {
        out.add(words[0]);
      }
    }
    return out;
  }

  private static int prefixLength(String mask) {
    int bits = 0;
    for (String part : mask.split("\\.")) {
      try {
        bits += Integer.bitCount(Integer.parseInt(part) & 0xff);
      } catch (NumberFormatException e) {
        return 32;
      }
    }
    return bits;
  }

  private static void element(StringBuilder x, String indent, String name, String value) {
    x.append(indent).append('<').append(name).append('>');
    x.append(escape(value)).append("</").append(name).append(">\n");
  }

  static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&apos;");
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
