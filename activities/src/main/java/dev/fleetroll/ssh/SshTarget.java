package dev.fleetroll.ssh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Where and how to connect to one host, as its SSH configuration says ({@code ssh -G}'s view).
 *
 * @param alias the name the operator used, without a user part (Host patterns match it)
 * @param hostName the address to connect to (HostName, else the alias), lower case as OpenSSH makes it
 * @param identityFiles the identity files to try (OpenSSH's defaults when none is configured)
 * @param identityFilesConfigured whether they come from IdentityFile lines (a named file that
 *     cannot be loaded is then an error; a missing default is skipped)
 * @param identityAgent the agent socket (IdentityAgent), or null for {@code $SSH_AUTH_SOCK}
 * @param noAgent {@code IdentityAgent none}: no agent
 * @param proxyJump the ProxyJump value as {@code ssh -G} prints it, or null for a direct connection
 * @param jump the last jump host (reached through its own {@code jump}), or null
 * @param hostKeyAlias the name to look the host key up under, or null for {@code hostName}
 * @param acceptNewHostKeys StrictHostKeyChecking accept-new: an unknown key is recorded (a changed
 *     one never is)
 * @param connectTimeout ConnectTimeout, or null when unset or none
 * @param serverAliveInterval ServerAliveInterval (zero: unset)
 * @param algorithms what may be negotiated (Ciphers, MACs, KexAlgorithms, HostKeyAlgorithms)
 */
public record SshTarget(
    String alias,
    String hostName,
    int port,
    String user,
    List<Path> identityFiles,
    boolean identityFilesConfigured,
    boolean identitiesOnly,
    Path identityAgent,
    boolean noAgent,
    String proxyJump,
    SshTarget jump,
    String hostKeyAlias,
    List<Path> userKnownHostsFiles,
    List<Path> globalKnownHostsFiles,
    boolean acceptNewHostKeys,
    boolean hashKnownHosts,
    boolean checkHostIp,
    int requiredRsaSize,
    Duration connectTimeout,
    Duration serverAliveInterval,
    int serverAliveCountMax,
    Algorithms algorithms) {

  /** The name under which known_hosts records this host's key, as OpenSSH writes it. */
  public String knownHostsName() {
    if (hostKeyAlias != null) {
      return hostKeyAlias;
    }
    return port == 22 ? hostName : "[" + hostName + "]:" + port;
  }

  /** {@code user@host:port}, as messages name a connection. */
  public String where() {
    return user + "@" + hostName + ":" + port + (jump == null ? "" : " via " + jump.where());
  }
}
