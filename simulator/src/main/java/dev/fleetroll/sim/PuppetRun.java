package dev.fleetroll.sim;

/**
 * One attempt of run-puppet.sh on a host, as the host recorded it.
 *
 * @param trigger {@code boot} (run by the host's boot or worker cycle) or {@code manual} (run over SSH)
 * @param exitCode Puppet's detailed exit code (0/2 success; 1, 4, 6 failure), or null while running
 */
public record PuppetRun(String trigger, Integer exitCode) {
  public boolean finished() {
    return exitCode != null;
  }

  public boolean succeeded() {
    return exitCode != null && (exitCode == 0 || exitCode == 2);
  }
}
