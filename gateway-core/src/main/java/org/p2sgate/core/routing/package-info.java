/**
 * Per-packet routing helpers on the data path: TCP MSS clamping, per-session destination
 * allow-lists. Pure functions over byte arrays.
 *
 * <p>Spec: {@code shared/docs/openvpn-wire-protocol.md} section 12.1, point 15.
 */
package org.p2sgate.core.routing;
