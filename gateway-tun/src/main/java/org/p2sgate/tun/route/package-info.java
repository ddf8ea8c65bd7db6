/**
 * The kernel's routing tables, as the gateway follows them: which IPv4 prefixes one table holds
 * (for example those a BGP daemon such as BIRD learned and exported there), so that they can be
 * pushed to clients.
 *
 * <p>{@link org.p2sgate.tun.route.KernelRoutes} is the I/O edge: on Linux {@code
 * org.p2sgate.tun.linux.NetlinkRoutes}, an rtnetlink socket ({@code rtnetlink(7)}) that dumps the
 * tables once and then receives every route change; in tests the in-memory twin {@code
 * org.p2sgate.tun.testing.ChannelRoutes}. The rest is pure: {@link
 * org.p2sgate.tun.route.RouteMessages} reads the kernel's bytes (every length checked before it is
 * used, malformed input counted, never thrown) and {@link org.p2sgate.tun.route.TableMirror} keeps
 * the prefixes of one table from the messages.
 */
package org.p2sgate.tun.route;
