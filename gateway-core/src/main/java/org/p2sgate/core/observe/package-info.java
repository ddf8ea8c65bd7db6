/** Drop reasons and counters, session events for logs and metrics. */
package org.p2sgate.core.observe;
