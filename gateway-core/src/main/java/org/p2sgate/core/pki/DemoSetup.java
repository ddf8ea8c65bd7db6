package org.p2sgate.core.pki;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.p2sgate.core.config.ConfigException;
import org.p2sgate.core.config.ParsedConfig;
import org.p2sgate.core.config.YamlConfigLoader;

/**
 * Everything {@code p2sgate demo} needs before it serves, under one data directory:
 *
 * <pre>
 * pki/           the {@link DemoPki} (created once, reused)
 * gateway.yaml   the gateway's configuration (created once, then the operator's to edit)
 * clients/demo.ovpn  the client profile, rewritten when the configuration or the address changes
 * </pre>
 */
public final class DemoSetup {
  public static final String PKI_DIR = "pki";
  public static final String GATEWAY_YAML = "gateway.yaml";
  public static final String PROFILE = "clients/demo.ovpn";
  public static final int DEFAULT_PORT = 1194;

  private DemoSetup() {}

  /**
   * What {@link #prepare} did.
   *
   * @param gatewayYaml the configuration file the demo serves from
   * @param profile the client profile for client "demo"
   * @param config the loaded configuration
   * @param pkiCreated whether the PKI was created now (rather than reused)
   * @param yamlCreated whether gateway.yaml was written now
   * @param notes things the operator should know (logged as warnings)
   */
  public record Result(
      Path gatewayYaml,
      Path profile,
      ParsedConfig config,
      boolean pkiCreated,
      boolean yamlCreated,
      List<String> notes) {
    public Result {
      notes = List.copyOf(notes);
    }
  }

  /**
   * Creates what is missing under {@code dataDir} and (re)writes the client profile.
   *
   * @param remoteHost the address clients connect to, written into the profile
   * @param port UDP port for a new gateway.yaml, or {@code null} for 1194; an existing file keeps
   *     its port
   */
  public static Result prepare(Path dataDir, String remoteHost, Integer port)
      throws IOException, ConfigException {
    return prepare(dataDir, remoteHost, port, null);
  }

  /**
   * As {@link #prepare(Path, String, Integer)}; a new gateway.yaml keeps its state (the address
   * pool) in {@code stateDir} when that is not {@code null} (an existing file keeps its own).
   */
  public static Result prepare(Path dataDir, String remoteHost, Integer port, Path stateDir)
      throws IOException, ConfigException {
    PemFiles.createPrivateDirectory(dataDir);
    DemoPki pki = DemoPki.openOrCreate(dataDir.resolve(PKI_DIR));
    ClientCredentials demo = pki.issueClient(DemoPki.DEMO_CLIENT);

    List<String> notes = new ArrayList<>();
    Path yaml = dataDir.resolve(GATEWAY_YAML);
    boolean yamlCreated = !Files.exists(yaml);
    if (yamlCreated) {
      PemFiles.write(
          yaml,
          DemoGatewayYaml.render(
              port == null ? DEFAULT_PORT : port,
              stateDir == null ? null : stateDir.toAbsolutePath().normalize().toString()),
          PemFiles.PUBLIC);
    }
    ParsedConfig parsed = new YamlConfigLoader().load(yaml);
    int actualPort = parsed.config().port();
    if (port != null && port != actualPort) {
      notes.add(
          yaml
              + " sets port "
              + actualPort
              + "; --port "
              + port
              + " only applies when that file is first created (edit listen.port instead)");
    }

    Path profile = dataDir.resolve(PROFILE);
    Files.createDirectories(profile.getParent());
    String text = ClientProfile.render(parsed.config(), remoteHost, demo);
    if (!Files.exists(profile) || !PemFiles.read(profile).equals(text)) {
      PemFiles.write(profile, text, PemFiles.PRIVATE);
    }
    return new Result(yaml, profile, parsed, pki.created(), yamlCreated, notes);
  }
}
