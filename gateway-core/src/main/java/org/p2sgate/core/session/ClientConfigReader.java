package org.p2sgate.core.session;

import java.util.concurrent.CompletionStage;
import org.p2sgate.core.config.ClientConfig;
import org.p2sgate.core.config.ClientConfigDir;

/**
 * Reads a client's file of the client-config-dir at login, off the owner's thread if reading may
 * block. A stage that fails refuses the client; its {@link org.p2sgate.core.config.ConfigException}
 * says which file and line.
 */
@FunctionalInterface
public interface ClientConfigReader {
  CompletionStage<ClientConfig> read(ClientConfigDir dir, String clientName);

  /** For a table nobody gave a reader: every client of a client-config-dir is refused. */
  ClientConfigReader NONE =
      (dir, name) ->
          java.util.concurrent.CompletableFuture.failedFuture(
              new org.p2sgate.core.config.ConfigException(
                  dir.dir() + ": the gateway has no reader for client-config-dir files"));
}
