package dev.fleetroll.ssh;

import java.nio.file.Path;
import java.util.List;

/** Told when a host key was accepted because the operator asked for it (for the audit log). */
@FunctionalInterface
public interface HostKeyListener {
  /**
   * @param replaced fingerprints of the keys known before (empty for a host seen for the first time)
   */
  void accepted(String host, String knownHostsName, String fingerprint, List<String> replaced, Path file);

  HostKeyListener NONE = (host, name, fingerprint, replaced, file) -> {};
}
