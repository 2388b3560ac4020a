package dev.fleetroll.ping;

/**
 * The result of a ping.
 *
 * @param pong the worker's answer
 * @param release the release that ended the hold early; {@code null} when there was no hold or it ran out
 */
public record PingResult(Pong pong, PingRelease release) {}
