package dev.fleetroll.ssh;

import java.nio.file.Path;
import java.util.List;

/**
 * Where and how to connect to one host, as its SSH configuration says.
 *
 * @param alias the name the operator used (a Host pattern may match it)
 * @param hostName the address to connect to (HostName, else the alias)
 * @param hostKeyAlias the name to look the host key up under, or null for {@code hostName}
 * @param connectTimeoutSeconds ConnectTimeout from the configuration, or null
 */
public record SshTarget(
    String alias,
    String hostName,
    int port,
    String user,
    List<Path> identityFiles,
    boolean identitiesOnly,
    String proxyJump,
    String hostKeyAlias,
    List<Path> userKnownHostsFiles,
    List<Path> globalKnownHostsFiles,
    Integer connectTimeoutSeconds) {

  /** The name under which known_hosts records this host's key, as OpenSSH writes it. */
  public String knownHostsName() {
    if (hostKeyAlias != null) {
      return hostKeyAlias;
    }
    return port == 22 ? hostName : "[" + hostName + "]:" + port;
  }
}
