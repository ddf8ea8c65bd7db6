/**
 * The gateway's metrics for Prometheus (Micrometer's Prometheus registry): sessions, handshakes,
 * logins, renegotiations, tunnelled traffic, drops by reason, the pool, and the JVM and process.
 * Names follow Prometheus' conventions ({@code _total}, {@code _seconds}, {@code _bytes}); no
 * series is per session (their number would grow with the users).
 */
package org.p2sgate.core.metrics;
