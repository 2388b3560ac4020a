package dev.fleetroll.ping;

/**
 * The answer of the worker that ran the ping activity.
 *
 * @param message the request's message
 * @param worker the identity of the worker process that answered ({@code pid@host})
 * @param attempt the activity attempt that answered (1 unless a worker died or the call failed)
 * @param steps the one-second steps of work done in total
 * @param resumedAt the step this attempt resumed from, taken from the last heartbeat of the previous one
 */
public record Pong(String message, String worker, int attempt, int steps, int resumedAt) {}
