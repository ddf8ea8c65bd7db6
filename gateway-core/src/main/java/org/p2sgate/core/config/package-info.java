/**
 * Configuration: the {@link org.p2sgate.core.config.ServerConfig} record and its two front ends,
 * {@link org.p2sgate.core.config.YamlConfigLoader} (p2sgate's {@code gateway.yaml}) and {@link
 * org.p2sgate.core.config.OpenVpnConfigParser} (an OpenVPN 2.6 {@code server.conf}, following the
 * server options of the OpenVPN manual, doc/man-sections/server-options.rst, and the parsing rules
 * of src/openvpn/options.c). Validation is fail-fast and complete at start-up: every problem is a
 * {@link org.p2sgate.core.config.ConfigException} whose one-line message names the file and line;
 * settings that are accepted but not acted on come back as warnings. Key material never appears in
 * messages or {@code toString()}.
 */
package org.p2sgate.core.config;
