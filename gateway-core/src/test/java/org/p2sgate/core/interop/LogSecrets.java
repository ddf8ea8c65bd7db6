package org.p2sgate.core.interop;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.p2sgate.auth.radius.FreeRadiusServer;

/**
 * Every gateway log of every interop run is searched for the secrets of its testbed: the private
 * keys and tls-crypt/tls-auth keys of its PKI (each PEM or hex line of them), the passwords and
 * tokens its clients log in with, the RADIUS shared secret, the admin and auth-token secrets, and
 * any of our own auth-tokens ({@code P2S2.}). {@link GatewayUnderTest#stop()} runs it.
 */
final class LogSecrets {
  private final Set<String> extra = ConcurrentHashMap.newKeySet();

  /** A secret of this run: a password, a token. */
  void add(String secret) {
    if (secret != null && secret.strip().length() >= 6) {
      extra.add(secret.strip());
    }
  }

  /** Fails naming the kind of secret and the line, without printing the secret. */
  void assertNoneIn(Path log, Path bedDir) throws IOException {
    if (!Files.exists(log)) {
      return;
    }
    List<String[]> secrets = new ArrayList<>(); // {what, text}
    for (String s : extra) {
      secrets.add(new String[] {"a client's password or token", s});
    }
    secrets.add(new String[] {"the RADIUS shared secret", FreeRadiusServer.SECRET});
    secrets.add(new String[] {"an auth-token", "P2S2."});
    try (Stream<Path> files = Files.walk(bedDir, 3)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String name = f.getFileName().toString();
        if (name.endsWith(".key")) {
          for (String line : Files.readAllLines(f)) {
            String l = line.strip();
            if (l.length() >= 32 && !l.startsWith("-----") && !l.startsWith("#")) {
              secrets.add(new String[] {"a line of " + name, l});
            }
          }
        } else if (name.endsWith(".token") || name.endsWith(".secret")) {
          secrets.add(new String[] {"the content of " + name, Files.readString(f).strip()});
        }
      }
    }
    int n = 0;
    for (String line : Files.readAllLines(log)) {
      n++;
      for (String[] s : secrets) {
        if (!s[1].isEmpty() && line.contains(s[1])) {
          fail(log.getFileName() + ":" + n + " holds " + s[0]);
        }
      }
    }
  }
}
