/**
 * The operator's HTTP side: health and readiness for orchestrators, Prometheus metrics, and the
 * token-protected sessions API. {@link org.p2sgate.core.admin.AdminApi} routes requests without
 * sockets (tested in memory); {@link org.p2sgate.core.admin.AdminServer} is its Netty edge.
 */
package org.p2sgate.core.admin;
