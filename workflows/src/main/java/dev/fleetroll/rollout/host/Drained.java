package dev.fleetroll.rollout.host;

import java.util.List;

/**
 * The worker runs no task any more.
 *
 * @param waitedFor the task it was running when we started waiting ({@code taskId/runId}), or null
 * @param recentTasks its recent task runs ({@code taskId/runId}), all resolved: the baseline for the health check
 */
public record Drained(String waitedFor, List<String> recentTasks) {}
