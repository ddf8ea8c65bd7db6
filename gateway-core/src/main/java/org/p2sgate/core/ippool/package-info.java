/** Client address pool for {@code topology subnet} (pure, deterministic). */
package org.p2sgate.core.ippool;
