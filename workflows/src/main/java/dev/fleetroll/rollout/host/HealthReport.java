package dev.fleetroll.rollout.host;

import java.util.List;

/** The tasks a released worker ran ({@code taskId/runId}): the proof that it works again. */
public record HealthReport(List<String> completed, List<String> failed) {}
