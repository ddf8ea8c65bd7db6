/**
 * The demo PKI and client profiles: {@link org.p2sgate.core.pki.DemoPki} creates a CA, the
 * gateway's certificate, a tls-crypt key and client certificates (ECDSA P-256, with the key usages
 * OpenVPN's {@code remote-cert-tls} checks); {@link org.p2sgate.core.pki.ClientProfile} renders a
 * self-contained {@code .ovpn}; {@link org.p2sgate.core.pki.DemoSetup} lays out the data directory
 * of {@code p2sgate demo}. Private keys are written mode 0600 and never logged.
 */
package org.p2sgate.core.pki;
