/**
 * Deadlines without scanning: a hashed timing wheel that the session table uses so that a tick
 * costs what is due, not what exists. Pure: time comes in as an argument; no threads, no clock.
 */
package org.p2sgate.core.timer;
