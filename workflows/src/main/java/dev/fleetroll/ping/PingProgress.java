package dev.fleetroll.ping;

/**
 * What the {@code progress} query returns.
 *
 * @param state where the ping is
 * @param pong the worker's answer, once there is one
 * @param release the release that ended the hold, if any
 */
public record PingProgress(PingState state, Pong pong, PingRelease release) {}
