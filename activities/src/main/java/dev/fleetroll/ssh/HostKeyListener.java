package dev.fleetroll.ssh;

import java.nio.file.Path;

/** Told when an unknown host key was accepted and recorded (for the audit log). */
@FunctionalInterface
public interface HostKeyListener {
  /**
   * @param host the host as the operator named it (for a jump host: its alias)
   * @param knownHostsName the name the key was recorded under
   * @param type the key type ({@code ssh-ed25519})
   * @param fingerprint {@code SHA256:...}
   * @param file the known_hosts file the line was appended to
   */
  void accepted(String host, String knownHostsName, String type, String fingerprint, Path file);

  HostKeyListener NONE = (host, name, type, fingerprint, file) -> {};
}
