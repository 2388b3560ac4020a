/**
 * The local Temporal dev server and worker processes of one data directory: finding the binary,
 * starting them detached with logs and pid files, knowing when they are ready, and stopping them.
 * `fleetroll server start|stop|status` and the end-to-end tests both use it.
 */
package dev.fleetroll.server;
