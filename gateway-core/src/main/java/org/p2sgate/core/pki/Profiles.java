package org.p2sgate.core.pki;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.p2sgate.core.config.ProfileSettings;
import org.p2sgate.core.config.Remote;
import org.p2sgate.core.config.ServerConfig;

/**
 * Makes a user's profile from the gateway's configuration and the PKI: the one place where the
 * command line ({@code p2sgate profile}) and the admin API ({@code GET /api/v1/profiles/{user}})
 * decide what goes in it.
 */
public final class Profiles {
  private Profiles() {}

  /** The two packagings. */
  public enum Format {
    /** One inline .ovpn file. */
    OVPN,
    /** The cloud gateway's zip layout ({@link AzureProfile}). */
    AZURE;

    /** "ovpn" or "azure" (any case). */
    public static Format parse(String text) {
      return switch (text == null ? "" : text.toLowerCase(Locale.ROOT)) {
        case "ovpn" -> OVPN;
        case "azure" -> AZURE;
        default ->
            throw new IllegalArgumentException("format must be ovpn or azure, got '" + text + "'");
      };
    }
  }

  /**
   * What is asked for.
   *
   * @param user the user (CN of their certificate)
   * @param format the packaging
   * @param remotes where clients connect; empty: from {@code profiles.remotes}, else the gateway's
   *     listen address
   * @param policy which configured policy (e.g. "radius"), or {@code null} for the first
   */
  public record Request(String user, Format format, List<Remote> remotes, String policy) {
    public Request {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(format, "format");
      remotes = List.copyOf(remotes);
    }
  }

  /**
   * A made profile.
   *
   * @param fileName the name to save it as ({@code USER.ovpn} or {@code USER-azure.zip})
   * @param contentType its media type
   * @param body the bytes (secret: it holds keys; never log)
   */
  public record Export(String fileName, String contentType, byte[] body) {
    @Override
    public String toString() {
      return "Export[" + fileName + ", " + body.length + " bytes]";
    }
  }

  /**
   * Makes the profile.
   *
   * @throws PkiException for an unknown or revoked user, an unknown policy, no known remote, or a
   *     remote the gateway does not serve
   */
  public static Export make(ServerConfig server, Path pkiDir, Request r, Clock clock)
      throws PkiException, IOException {
    PkiFolder.checkUser(r.user());
    ProfileSettings settings =
        server.profiles() != null
            ? server.profiles()
            : new ProfileSettings(pkiDir, List.of(), null);
    List<String> methods;
    try {
      methods = policyMethods(server.auth().policy(), r.policy());
    } catch (IllegalArgumentException e) {
      throw new PkiException(PkiException.Kind.INVALID, e.getMessage());
    }
    ProfileOptions options;
    try {
      options =
          new ProfileOptions(
              remotes(server, settings, r.remotes()), methods, settings.staticChallenge());
    } catch (IllegalArgumentException e) {
      throw new PkiException(e.getMessage());
    }
    ClientCredentials creds =
        options.certificate()
            ? new PkiFolder(pkiDir, null, clock, new java.security.SecureRandom()).client(r.user())
            : null;
    String ovpn;
    try {
      ovpn = ClientProfile.render(server, options, r.user(), creds);
      return switch (r.format()) {
        case OVPN ->
            new Export(
                r.user() + ".ovpn",
                "application/x-openvpn-profile",
                ovpn.getBytes(StandardCharsets.UTF_8));
        case AZURE ->
            new Export(
                r.user() + "-azure.zip",
                "application/zip",
                AzureProfile.zip(server, options, ovpn, clock.instant()));
      };
    } catch (IllegalArgumentException e) {
      throw new PkiException(e.getMessage());
    }
  }

  /** The methods of the policy named {@code wanted} (null: the first) of {@code auth.policy}. */
  static List<String> policyMethods(String configured, String wanted) {
    List<String> specs = new ArrayList<>();
    for (String s : configured.split(",")) {
      specs.add(normal(s));
    }
    String spec = specs.get(0);
    if (wanted != null) {
      spec = normal(wanted);
      if (!specs.contains(spec)) {
        throw new IllegalArgumentException(
            "policy '" + wanted + "' is not configured (auth.policy: " + configured.strip() + ")");
      }
    }
    return List.of(spec.split("\\+"));
  }

  private static String normal(String spec) {
    return spec.replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
  }

  private static List<Remote> remotes(
      ServerConfig server, ProfileSettings settings, List<Remote> given) {
    if (!given.isEmpty()) {
      return given;
    }
    if (!settings.remotes().isEmpty()) {
      return settings.remotes();
    }
    InetAddress listen = server.listenAddress();
    if (listen != null && !listen.isAnyLocalAddress() && !listen.isLoopbackAddress()) {
      return List.of(new Remote(listen.getHostAddress(), 0, null));
    }
    throw new IllegalArgumentException(
        "no address for clients to connect to: give --remote HOST[:PORT[:PROTO]] (or set"
            + " profiles.remotes in the gateway's configuration)");
  }
}
