package org.p2sgate.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Reads p2sgate's own {@code gateway.yaml}:
 *
 * <pre>{@code
 * listen: { address: 0.0.0.0, port: 1194, proto: udp }   # udp | tcp | udp+tcp
 * tun: { name: p2s0, mtu: 1500 }
 * pool: 10.8.0.0/24                 # the gateway takes the first address
 *                                   # or: { net: 10.8.0.0/16, slice: auto | N, slice-prefix: 24 }
 * push:
 *   routes: [ 192.168.10.0/24 ]     # pushed as "route NET MASK"
 *   dns: [ 10.8.0.1 ]               # "dhcp-option DNS x"
 *   domain: corp.example            # "dhcp-option DOMAIN x"
 *   extra: [ "redirect-gateway def1" ]
 * keepalive: { interval: 10s, timeout: 60s }
 * data-ciphers: [ AES-256-GCM, AES-128-GCM, CHACHA20-POLY1305 ]
 * tls: { ca: pki/ca.crt, cert: pki/server.crt, key: pki/server.key, version-min: "1.2" }
 * tls-crypt: pki/tc.key             # or  tls-auth: { key: pki/ta.key, direction: 0, digest: SHA256 }
 * tls-crypt-v2: { server-key: pki/tc2-server.key, revoked: pki/tc2-revoked.txt, max-age-days: 0 }
 * client-to-client: false
 * duplicate-cn: false
 * max-clients: 1024
 * reneg: 1h
 * }</pre>
 *
 * <p>Also: {@code hand-window} (60s), {@code mssfix} (1492 with UDP), {@code explicit-exit-notify}
 * (true), {@code verb} (3), {@code data-ciphers-fallback}, {@code state-dir}. Unknown keys are
 * errors. Durations are "90" (seconds), "10s", "5m", "1h" or "1d". Relative paths are resolved
 * against the directory of the YAML file.
 */
public final class YamlConfigLoader {
  private static final YAMLMapper MAPPER =
      YAMLMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .build();

  private final Clock clock;
  private final ReplicaOrdinal ordinal;

  public YamlConfigLoader() {
    this(Clock.systemUTC());
  }

  /** With an explicit clock, used to check certificate validity dates. */
  public YamlConfigLoader(Clock clock) {
    this(clock, ReplicaOrdinal.NONE);
  }

  /**
   * With an explicit clock and this replica's ordinal, which {@code pool: { slice: auto }} takes
   * its slice from.
   */
  public YamlConfigLoader(Clock clock, ReplicaOrdinal ordinal) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ordinal = Objects.requireNonNull(ordinal, "ordinal");
  }

  /**
   * Loads a YAML file. Messages name the file as given here.
   *
   * @throws ConfigException with a one-line message naming file, line and column
   */
  public ParsedConfig load(Path file) throws ConfigException {
    String name = file.toString();
    String text = ConfigFiles.readConfig(file);
    return load(text, name, file.toAbsolutePath().getParent());
  }

  /**
   * Loads YAML text.
   *
   * @param displayName how messages name the file, e.g. "gateway.yaml"
   * @param baseDir directory that relative paths are resolved against
   */
  public ParsedConfig load(String text, String displayName, Path baseDir) throws ConfigException {
    YamlModel.Root root = bind(text, displayName);
    return new YamlConverter(displayName, baseDir, ordinal).convert(root, clock.instant());
  }

  private static YamlModel.Root bind(String text, String file) throws ConfigException {
    YamlKeyCheck.check(MAPPER.getFactory(), text, file);
    YamlModel.Root root;
    try {
      root = MAPPER.readValue(text, YamlModel.Root.class);
    } catch (InvalidDefinitionException e) {
      throw new IllegalStateException("YAML binding is broken", e);
    } catch (JsonProcessingException e) {
      throw new ConfigException(where(file, e.getLocation()) + ": " + describe(e));
    }
    if (root == null) {
      throw Where.file(file).error("the file is empty");
    }
    return root;
  }

  private static String describe(JsonProcessingException e) {
    if (e instanceof UnrecognizedPropertyException u) {
      String parent = path(u.getPath().subList(0, u.getPath().size() - 1));
      String known =
          u.getKnownPropertyIds().stream()
              .map(Object::toString)
              .sorted()
              .collect(Collectors.joining(", "));
      return "unknown key '"
          + u.getPropertyName()
          + "'"
          + (parent.isEmpty() ? "" : " in '" + parent + "'")
          + " (expected one of: "
          + known
          + ")";
    }
    if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      Class<?> t = m.getTargetType();
      String expected =
          t == YamlModel.Scalar.class
              ? "a single value, not a list or map"
              : t == YamlModel.Pool.class
                  ? "a network (10.8.0.0/24) or a map ({ net: 10.8.0.0/16, slice: auto })"
                  : List.class.isAssignableFrom(t) ? "a list" : "a map of settings (key: value)";
      String p = path(m.getPath());
      return (p.isEmpty() ? "" : p + ": ") + "expected " + expected;
    }
    String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    String firstLine = message.lines().findFirst().orElse("").strip();
    if (firstLine.startsWith("Duplicate field ")) {
      return "duplicate key " + firstLine.substring("Duplicate field ".length());
    }
    return "invalid YAML: " + firstLine;
  }

  private static String path(List<JsonMappingException.Reference> refs) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : refs) {
      if (r.getFieldName() != null) {
        sb.append(sb.isEmpty() ? "" : ".").append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static Where where(String file, JsonLocation at) {
    if (at == null || at.getLineNr() <= 0) {
      return Where.file(file);
    }
    return new Where(file, at.getLineNr(), at.getColumnNr());
  }
}
