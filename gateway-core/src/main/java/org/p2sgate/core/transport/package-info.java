/**
 * Netty transports: the UDP socket and TCP connections (2-byte length framing, wire doc 11), and
 * the outbox that writes sessions' packets to them.
 */
package org.p2sgate.core.transport;
