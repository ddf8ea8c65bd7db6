/**
 * The {@code p2sgate} command line (picocli): {@code serve}, {@code demo}, {@code version}. A
 * configuration or start-up problem ends the process with one line {@code p2sgate: <message>} on
 * standard error and exit status 2; SIGTERM and SIGINT close the gateway from a shutdown hook.
 * Logging is logback (one line per event on standard output), with the {@code org.p2sgate} level
 * taken from the configuration's {@code verb}.
 */
package org.p2sgate.core.cli;
