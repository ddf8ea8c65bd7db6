package org.p2sgate.core.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2sgate.core.cli.Main;
import org.p2sgate.core.config.ReplicaOrdinal;
import org.p2sgate.core.config.ServerConfig;
import org.p2sgate.core.config.YamlConfigLoader;
import org.p2sgate.core.pki.DemoPki;
import picocli.CommandLine.ParseResult;

/**
 * docker/k8s without a cluster: {@code kubectl kustomize} builds it, every object binds to the
 * Kubernetes API's own types (fabric8's model, with no field left over), and the StatefulSet agrees
 * with the gateway: its arguments and preStop command parse with the real command line, the
 * gateway.yaml of the ConfigMap loads with the real loader for pod {@code p2sgate-1}, ports, probes
 * and every file the configuration names match what is mounted where.
 */
class KubernetesManifestsTest {
  static final Path K8S = Path.of("..", "docker", "k8s");
  static final ObjectMapper STRICT =
      YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  static final Map<String, Class<? extends HasMetadata>> KINDS =
      Map.of(
          "StatefulSet", StatefulSet.class,
          "Service", Service.class,
          "ConfigMap", ConfigMap.class,
          "Secret", Secret.class,
          "PodDisruptionBudget", PodDisruptionBudget.class);

  @TempDir static Path dir;
  static List<HasMetadata> objects;
  static StatefulSet sts;
  static Container gw;

  @BeforeAll
  static void build() throws Exception {
    objects = new ArrayList<>();
    for (JsonNode doc : documents(kustomize())) {
      objects.add(bind(doc));
    }
    sts = one(StatefulSet.class, "p2sgate");
    gw = sts.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  /** {@code kubectl kustomize docker/k8s}: fails (not skips) without kubectl, as CI has it. */
  static String kustomize() throws Exception {
    Process p;
    try {
      p =
          new ProcessBuilder("kubectl", "kustomize", K8S.toString())
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      throw new AssertionError("kubectl is not installed (scripts/test.sh needs it): " + e);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), "kubectl kustomize:\n" + out);
    return out;
  }

  static List<JsonNode> documents(String yaml) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (var it = STRICT.readerFor(JsonNode.class).readValues(yaml)) {
      while (it.hasNext()) {
        JsonNode n = (JsonNode) it.next();
        if (n != null && !n.isEmpty()) {
          docs.add(n);
        }
      }
    }
    return docs;
  }

  /** Binds to the model type of its kind; any field the API does not have fails, with its path. */
  static HasMetadata bind(JsonNode doc) throws IOException {
    String kind = doc.path("kind").asText();
    Class<? extends HasMetadata> type = KINDS.get(kind);
    assertNotNull(type, "unexpected kind " + kind);
    HasMetadata o = STRICT.treeToValue(doc, type);
    List<String> unknown = new ArrayList<>();
    leftOver(o, kind + "/" + o.getMetadata().getName(), unknown, new IdentityHashMap<>());
    if (!unknown.isEmpty()) {
      fail("fields the Kubernetes API does not have: " + unknown);
    }
    return o;
  }

  /**
   * fabric8's types keep unknown fields in {@code additionalProperties} instead of failing, so
   * FAIL_ON_UNKNOWN_PROPERTIES alone is not enough: walk the bound object for any left over.
   */
  static void leftOver(Object o, String path, List<String> out, Map<Object, Boolean> seen) {
    if (o == null || seen.put(o, true) != null) {
      return;
    }
    if (o instanceof Collection<?> c) {
      int i = 0;
      for (Object e : c) {
        leftOver(e, path + "[" + i++ + "]", out, seen);
      }
      return;
    }
    if (o instanceof Map<?, ?> m) {
      m.forEach((k, v) -> leftOver(v, path + "." + k, out, seen));
      return;
    }
    if (!o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method g : o.getClass().getMethods()) {
      if (g.getParameterCount() != 0 || !g.getName().startsWith("get")) {
        continue;
      }
      Object v;
      try {
        v = g.invoke(o);
      } catch (ReflectiveOperationException e) {
        continue;
      }
      if (g.getName().equals("getAdditionalProperties")) {
        if (v instanceof Map<?, ?> extra && !extra.isEmpty()) {
          extra.keySet().forEach(k -> out.add(path + "." + k));
        }
      } else if (!g.getName().equals("getClass")) {
        leftOver(v, path + "." + g.getName().substring(3), out, seen);
      }
    }
  }

  static <T extends HasMetadata> T one(Class<T> type, String name) {
    return objects.stream()
        .filter(type::isInstance)
        .map(type::cast)
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
  }

  @Test
  void kustomizeBuildsEveryObjectAndEachBindsToTheApi() {
    Map<String, Integer> kinds = new HashMap<>();
    objects.forEach(o -> kinds.merge(o.getKind(), 1, Integer::sum));
    assertEquals(
        Map.of(
            "StatefulSet", 1, "Service", 2, "ConfigMap", 2, "Secret", 1, "PodDisruptionBudget", 1),
        kinds);
  }

  @Test
  void aMisspelledFieldIsCaught() throws Exception {
    String manifest = Files.readString(K8S.resolve("statefulset.yaml"));
    String typo = manifest.replace("readinessProbe:", "readinesProbe:");
    assertFalse(typo.equals(manifest));
    AssertionError e = assertThrows(AssertionError.class, () -> bind(documents(typo).get(0)));
    assertTrue(e.getMessage().contains("readinesProbe"), e.getMessage());
    // and at the top level too, where Jackson's own check would stop
    AssertionError top =
        assertThrows(
            AssertionError.class,
            () -> bind(documents(manifest.replace("serviceName:", "servicename:")).get(0)));
    assertTrue(top.getMessage().contains("servicename"), top.getMessage());
  }

  @Test
  void theArgumentsAreTheGatewaysRealCommandLine() {
    assertEquals("p2sgate:latest", gw.getImage());
    ParseResult serve = Main.commandLine().parseArgs(gw.getArgs().toArray(String[]::new));
    assertEquals("serve", serve.subcommand().commandSpec().name());
    Path config = serve.subcommand().matchedOptionValue("--config", null);
    assertEquals(Path.of("/etc/p2sgate/config/gateway.yaml"), config);
    assertEquals("p2sgate-config", mountedFrom(config).configMapName);
    assertTrue(
        one(ConfigMap.class, "p2sgate-config").getData().containsKey("gateway.yaml"),
        "the ConfigMap holds the file --config names");
  }

  @Test
  void portsProbesAndPreStopAgreeWithTheConfiguration() throws Exception {
    ServerConfig c = loadForPod("p2sgate-1");
    assertEquals("10.8.1.0", c.poolNetwork().getHostAddress(), "pod p2sgate-1 takes slice 1");
    assertEquals(24, c.poolPrefix());

    Map<String, ContainerPort> ports = new HashMap<>();
    gw.getPorts().forEach(p -> ports.put(p.getName(), p));
    assertEquals(3, ports.size());
    assertTrue(c.transports().udp() && c.transports().tcp(), "udp+tcp: both ports are served");
    assertEquals(c.port(), ports.get("openvpn-udp").getContainerPort());
    assertEquals("UDP", ports.get("openvpn-udp").getProtocol());
    assertEquals(c.port(), ports.get("openvpn-tcp").getContainerPort());
    assertEquals("TCP", ports.get("openvpn-tcp").getProtocol());
    assertEquals(c.admin().listen().getPort(), ports.get("admin").getContainerPort());
    assertTrue(c.admin().listen().getAddress().isAnyLocalAddress(), "probes come from outside");

    assertEquals("/readyz", gw.getReadinessProbe().getHttpGet().getPath());
    assertEquals("/healthz", gw.getLivenessProbe().getHttpGet().getPath());
    for (var probe : List.of(gw.getReadinessProbe(), gw.getLivenessProbe())) {
      assertTrue(
          AdminApi.ROUTES.contains("GET " + probe.getHttpGet().getPath()),
          probe.getHttpGet().getPath() + " is an endpoint of the admin API");
      assertEquals("admin", probe.getHttpGet().getPort().getStrVal());
      assertTrue(probe.getHttpGet().getScheme() == null, "plain HTTP: admin.tls is not set");
    }
    assertFalse(c.admin().tls());

    List<String> preStop = gw.getLifecycle().getPreStop().getExec().getCommand();
    assertEquals(List.of("java", "-jar", "/opt/p2sgate/p2sgate.jar"), preStop.subList(0, 3));
    ParseResult drain =
        Main.commandLine().parseArgs(preStop.subList(3, preStop.size()).toArray(String[]::new));
    assertEquals("drain", drain.subcommand().commandSpec().name());
    java.net.URI admin = drain.subcommand().matchedOptionValue("--admin", null);
    assertEquals("127.0.0.1", admin.getHost());
    assertEquals(c.admin().listen().getPort(), admin.getPort());
    assertTrue(
        AdminApi.ROUTES.contains("POST /api/v1/drain") && AdminApi.ROUTES.contains("GET /healthz"));
    Path token = drain.subcommand().matchedOptionValue("--token-file", null);
    assertEquals(dir.resolve("etc/p2sgate/secrets/admin.token"), c.admin().tokenFile());
    assertEquals(Path.of("/etc/p2sgate/secrets/admin.token"), token);
    String deadline = drain.subcommand().matchedOptionValue("--deadline", "60s");
    long drainSeconds = Long.parseLong(deadline.replace("s", ""));
    assertTrue(
        sts.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()
            >= drainSeconds + 5 + 15,
        "the grace period covers the drain's deadline, its wait and the 5 s stop");
  }

  @Test
  void everyFileTheConfigurationNamesIsMountedAndProvided() throws Exception {
    JsonNode yaml =
        new YAMLMapper()
            .readTree(one(ConfigMap.class, "p2sgate-config").getData().get("gateway.yaml"));
    List<String> paths = new ArrayList<>();
    absolutePaths(yaml, paths);
    assertEquals(10, paths.size(), paths.toString());
    for (String p : paths) {
      Mounted m = mountedFrom(Path.of(p));
      Path inside = Path.of(m.mountPath).relativize(Path.of(p));
      if (inside.toString().isEmpty()) {
        continue; // the mount itself: a folder (revocation.crl, state-dir)
      }
      if (m.secretName != null) {
        assertTrue(
            one(Secret.class, m.secretName).getStringData().containsKey(inside.toString()),
            p + ": key " + inside + " of Secret " + m.secretName);
      } else if (m.configMapName != null) {
        assertTrue(
            one(ConfigMap.class, m.configMapName).getData().containsKey(inside.toString()),
            p + ": key " + inside + " of ConfigMap " + m.configMapName);
      } else {
        fail(p + " is on " + m.mountPath + ", which is neither a Secret nor a ConfigMap");
      }
    }
    VolumeMount state =
        gw.getVolumeMounts().stream()
            .filter(v -> v.getMountPath().equals("/var/lib/p2sgate"))
            .findFirst()
            .orElseThrow();
    assertEquals(
        state.getName(),
        sts.getSpec().getVolumeClaimTemplates().get(0).getMetadata().getName(),
        "state-dir is on the replica's own volume");
    for (VolumeMount v : gw.getVolumeMounts()) {
      assertTrue(v.getSubPath() == null, v.getMountPath() + ": a subPath mount never updates");
    }
  }

  @Test
  void onlyNetAdminAndTheServiceKeepsClientsOnTheirReplica() {
    var sc = gw.getSecurityContext();
    assertEquals(List.of("NET_ADMIN"), sc.getCapabilities().getAdd());
    assertEquals(List.of("ALL"), sc.getCapabilities().getDrop());
    assertFalse(sc.getAllowPrivilegeEscalation());
    assertTrue(sc.getPrivileged() == null || !sc.getPrivileged());
    assertNotNull(gw.getResources().getRequests().get("cpu"));
    assertNotNull(gw.getResources().getRequests().get("memory"));

    Map<String, String> podLabels = sts.getSpec().getTemplate().getMetadata().getLabels();
    assertEquals(sts.getSpec().getSelector().getMatchLabels(), podLabels);
    Service svc = one(Service.class, "p2sgate");
    assertEquals("ClientIP", svc.getSpec().getSessionAffinity());
    assertEquals(podLabels, svc.getSpec().getSelector());
    Set<String> protocols = new java.util.TreeSet<>();
    for (ServicePort p : svc.getSpec().getPorts()) {
      ContainerPort target =
          gw.getPorts().stream()
              .filter(cp -> cp.getName().equals(p.getTargetPort().getStrVal()))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no container port " + p.getTargetPort()));
      assertEquals(target.getProtocol(), p.getProtocol());
      assertEquals(target.getContainerPort(), p.getPort());
      protocols.add(p.getProtocol());
    }
    assertEquals(Set.of("TCP", "UDP"), protocols);
    Service headless = one(Service.class, sts.getSpec().getServiceName());
    assertEquals("None", headless.getSpec().getClusterIP());
    PodDisruptionBudget pdb = one(PodDisruptionBudget.class, "p2sgate");
    assertEquals(podLabels, pdb.getSpec().getSelector().getMatchLabels());
    assertEquals(1, pdb.getSpec().getMaxUnavailable().getIntVal());
    for (Volume v : sts.getSpec().getTemplate().getSpec().getVolumes()) {
      if (v.getConfigMap() != null) {
        one(ConfigMap.class, v.getConfigMap().getName());
      }
      if (v.getSecret() != null) {
        one(Secret.class, v.getSecret().getSecretName());
      }
    }
  }

  /**
   * The ConfigMap's gateway.yaml, loaded by the real loader as pod {@code pod} would (its host
   * name), with /etc/p2sgate/ laid out from the Secret and ConfigMaps (demo PKI for the PEMs).
   */
  static ServerConfig loadForPod(String pod) throws Exception {
    Path etc = dir.resolve("etc/p2sgate");
    Path secrets = Files.createDirectories(etc.resolve("secrets"));
    Path pki = DemoPki.openOrCreate(dir.resolve("pki")).dir();
    Map<String, Path> pems =
        Map.of(
            "ca.crt", pki.resolve("ca.crt"),
            "server.crt", pki.resolve("server.crt"),
            "server.key", pki.resolve("server.key"),
            "tc.key", pki.resolve("tc.key"));
    for (String key : one(Secret.class, "p2sgate-secrets").getStringData().keySet()) {
      if (pems.containsKey(key)) {
        Files.copy(
            pems.get(key), secrets.resolve(key), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      } else {
        Files.writeString(
            secrets.resolve(key), "a-secret-of-enough-length-for-every-use-0123456789\n");
      }
    }
    Path revocation = Files.createDirectories(etc.resolve("revocation"));
    for (var e : one(ConfigMap.class, "p2sgate-revocation").getData().entrySet()) {
      Files.writeString(revocation.resolve(e.getKey()), e.getValue());
    }
    String yaml =
        one(ConfigMap.class, "p2sgate-config")
            .getData()
            .get("gateway.yaml")
            .replace("/etc/p2sgate/", etc + "/")
            .replace("/var/lib/p2sgate", dir.resolve("state").toString());
    return new YamlConfigLoader(Clock.systemUTC(), ReplicaOrdinal.resolve(null, null, pod))
        .load(yaml, "gateway.yaml", dir)
        .config();
  }

  static void absolutePaths(JsonNode n, List<String> out) {
    if (n.isTextual() && n.asText().startsWith("/")) {
      out.add(n.asText());
    }
    n.forEach(child -> absolutePaths(child, out));
  }

  record Mounted(String mountPath, String secretName, String configMapName) {}

  /** The volume mount that holds {@code file}, and what backs it. */
  static Mounted mountedFrom(Path file) {
    VolumeMount best = null;
    for (VolumeMount m : gw.getVolumeMounts()) {
      if (file.startsWith(Path.of(m.getMountPath()))
          && (best == null || m.getMountPath().length() > best.getMountPath().length())) {
        best = m;
      }
    }
    assertNotNull(best, file + " is on no volume of the container");
    String name = best.getName();
    Volume v =
        sts.getSpec().getTemplate().getSpec().getVolumes().stream()
            .filter(x -> x.getName().equals(name))
            .findFirst()
            .orElse(null);
    return new Mounted(
        best.getMountPath(),
        v != null && v.getSecret() != null ? v.getSecret().getSecretName() : null,
        v != null && v.getConfigMap() != null ? v.getConfigMap().getName() : null);
  }
}
