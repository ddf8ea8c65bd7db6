package org.p2sgate.core.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.p2sgate.core.config.ClientConfig;
import org.p2sgate.core.config.ClientConfigDir;
import org.p2sgate.core.config.ClientConfigParser;
import org.p2sgate.core.config.ConfigException;
import org.p2sgate.core.session.ClientConfigReader;

/**
 * Reads client-config-dir files from disk at each login, on a virtual thread (a slow or network
 * file system holds up that login only, never the event loop), so that an edited file applies to
 * the client's next login, as in OpenVPN.
 */
final class ClientConfigFiles implements ClientConfigReader {
  private static final Executor READERS = Executors.newVirtualThreadPerTaskExecutor();

  @Override
  public CompletionStage<ClientConfig> read(ClientConfigDir dir, String clientName) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return dir.load(clientName, name -> text(dir.dir().resolve(name)));
          } catch (ConfigException e) {
            throw new java.util.concurrent.CompletionException(e);
          }
        },
        READERS);
  }

  /** The file's text, or {@code null} if there is none. */
  private static String text(Path file) throws IOException {
    if (!Files.exists(file)) {
      return null;
    }
    if (!Files.isRegularFile(file)) {
      throw new IOException("not a regular file");
    }
    if (Files.size(file) > ClientConfigParser.MAX_BYTES) {
      throw new IOException("larger than " + ClientConfigParser.MAX_BYTES + " bytes");
    }
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
