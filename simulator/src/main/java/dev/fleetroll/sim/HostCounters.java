package dev.fleetroll.sim;

/**
 * What happened on one host since the fleet started, counted at the host itself, so a test can prove
 * that a step happened exactly once.
 *
 * @param puppetRuns Puppet attempts started (each retry of the wrapper counts, boot runs included)
 * @param overrideWrites writes of the override file that landed on the host's disk: a file written in
 *     place and closed, or a temp file renamed onto it, each count once
 * @param overrideRemovals times the override file was deleted (or renamed away)
 * @param reboots reboots completed or under way (sudo reboot, shutdown -r, the Mac's worker cycle,
 *     {@code Fleet.reboot})
 * @param boots boots, the first one included
 */
public record HostCounters(int puppetRuns, int overrideWrites, int overrideRemovals, int reboots, int boots) {}
