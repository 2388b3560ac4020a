package dev.fleetroll.sim;

import java.nio.file.Path;

/**
 * The files a fleet directory D holds for the outside world (contract 2 of the team brief).
 *
 * @param dir the fleet directory D
 */
public record FleetFiles(Path dir) {
  /** OpenSSH client config: one Host block per host (HostName, Port, User, IdentityFile, known_hosts). */
  public Path sshConfig() {
    return dir.resolve("ssh_config");
  }

  /** Host keys of every host, by FQDN and by address. */
  public Path knownHosts() {
    return dir.resolve("known_hosts");
  }

  /** The client's private key (ed25519, no passphrase); the public key is next to it (.pub). */
  public Path clientKey() {
    return dir.resolve("id_ed25519");
  }

  /** Every host, one FQDN per line, in the MVP's host-list format. */
  public Path hostsList() {
    return dir.resolve("hosts.list");
  }

  public Path linuxList() {
    return dir.resolve("linux.list");
  }

  public Path macList() {
    return dir.resolve("mac.list");
  }

  /** TASKCLUSTER_ROOT_URL, TASKCLUSTER_CLIENT_ID and TASKCLUSTER_ACCESS_TOKEN (an operator's scopes). */
  public Path taskclusterEnv() {
    return dir.resolve("taskcluster.env");
  }

  /** GITHUB_API_URL (the simulated GitHub's REST API) and GITHUB_TOKEN (its one valid token; anonymous reads work too). */
  public Path githubEnv() {
    return dir.resolve("github.env");
  }

  /** Machine-readable description of the fleet (hosts, addresses, Taskcluster root URL). */
  public Path fleetJson() {
    return dir.resolve("fleet.json");
  }

  Path hosts() {
    return dir.resolve("hosts");
  }

  Path shared() {
    return dir.resolve("shared");
  }
}
