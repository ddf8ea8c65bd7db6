package org.p2sgate.core.config;

/** Where a running gateway's configuration comes from, read again on a reload. */
@FunctionalInterface
public interface ConfigSource {
  /** Reads and checks the configuration as it is now. */
  ParsedConfig load() throws ConfigException;
}
