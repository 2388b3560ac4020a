package dev.fleetroll.cli;

import dev.fleetroll.ssh.HostKeyListener;
import dev.fleetroll.ssh.SshConfig;
import dev.fleetroll.ssh.SshOptions;
import dev.fleetroll.ssh.SshSessions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import picocli.CommandLine.Option;

/** The SSH options every command that talks to hosts shares. */
public final class SshOptionsMixin {

  @Option(names = {"-F", "--ssh-config"}, paramLabel = "FILE",
      description = "OpenSSH client config to use (default: $FLEETROLL_SSH_CONFIG, else ~/.ssh/config).")
  Path sshConfig;

  @Option(names = "--accept-new-host-keys",
      description = "Record the key of a host known_hosts does not know yet (as StrictHostKeyChecking accept-new;"
          + " each is written to the audit log). A changed key is always refused.")
  boolean acceptNewHostKeys;

  @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "10",
      description = "Time to connect and authenticate to a host (default: ${DEFAULT-VALUE} s).")
  int connectTimeout;

  @Option(names = "--timeout", paramLabel = "SECONDS",
      description = "Time limit for the command on each host.")
  Integer timeout;

  public SshConfig config() {
    return SshConfig.locate(sshConfig, System.getenv());
  }

  /** Resolves every host as the SSH configuration says, before any is touched (a refused option: exit 2). */
  public void checkConfig(Collection<String> hosts) {
    config().checkAll(hosts);
  }

  public boolean acceptNewHostKeys() {
    return acceptNewHostKeys;
  }

  /** The command timeout: {@code --timeout}, else the command's own default. */
  public Duration commandTimeout(Duration fallback) {
    return timeout != null ? Duration.ofSeconds(timeout) : fallback;
  }

  public SshSessions open(Duration defaultCommandTimeout, HostKeyListener listener) {
    if (connectTimeout <= 0 || (timeout != null && timeout <= 0)) {
      throw new dev.fleetroll.InputException("--connect-timeout and --timeout must be positive");
    }
    SshOptions options = new SshOptions(Duration.ofSeconds(connectTimeout), commandTimeout(defaultCommandTimeout),
        acceptNewHostKeys);
    return new SshSessions(config(), options, listener);
  }
}
