package dev.fleetroll.sim.host;

import java.nio.file.Path;

/** Where one host's state lives in the fleet directory ({@code D/hosts/<name>}). */
public record HostPaths(Path dir) {
  /** Upper layers of the host's overlays: its "disk". */
  public Path upper() {
    return dir.resolve("upper");
  }

  /** The host's /tmp, cleared at each boot. */
  public Path tmp() {
    return dir.resolve("tmp");
  }

  /** Shared with the simulator, at /run/sim inside the host: fault settings, Puppet run records. */
  public Path ctl() {
    return dir.resolve("ctl");
  }

  public Path boot() {
    return dir.resolve("boot");
  }

  /** Output of the host's init, sshd and boot services. */
  public Path console() {
    return dir.resolve("console.log");
  }

  /** A path on the host's disk, e.g. {@code /etc/puppet/ronin_settings}, as stored in the upper layer. */
  public Path onDisk(String hostPath) {
    return upper().resolve(hostPath.substring(1));
  }
}
