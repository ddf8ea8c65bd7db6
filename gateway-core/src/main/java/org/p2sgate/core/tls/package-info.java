/**
 * The control channel's TLS server: bctls in non-blocking mode over in-memory buffers, client
 * certificate required, exporter for tls-ekm.
 *
 * <p>Spec: {@code shared/docs/openvpn-wire-protocol.md} sections 2.4 and 5.1.
 */
package org.p2sgate.core.tls;
