package dev.fleetroll.host;

import java.util.Locale;

/**
 * The operating systems of our hosts and where things live on each: the one place for every on-host
 * path. The remote scripts are generated from these values.
 */
public enum HostOs {
  LINUX("Linux", "L", "/etc/puppet/ronin_settings", "/root/vault.yaml",
      "/etc/puppet/last_run_metadata.json", "root"),
  MACOS("Darwin", "M", "/opt/puppet_environments/ronin_settings", "/var/root/vault.yaml",
      "/opt/puppet_environments/last_run_metadata.json", "wheel");

  /** The host's Puppet role, on every OS. */
  public static final String ROLE_FILE = "/etc/puppet_role";
  /** The Puppet wrapper; {@code FLEETROLL_SINGLE_RUN=1} asks it for one bounded attempt. */
  public static final String RUN_PUPPET = "/usr/local/bin/run-puppet.sh";
  /** Puppet's own state files, read when the metadata JSON is missing (older Linux hosts). */
  public static final String LEGACY_REPORT = "/opt/puppetlabs/puppet/cache/state/last_run_report.yaml";
  public static final String LEGACY_SUMMARY = "/opt/puppetlabs/puppet/cache/state/last_run_summary.yaml";
  public static final String LEGACY_SUMMARY_OLD = "/var/lib/puppet/state/last_run_summary.yaml";

  private final String uname;
  private final String letter;
  private final String overridePath;
  private final String vaultPath;
  private final String puppetMetadataPath;
  private final String adminGroup;

  HostOs(String uname, String letter, String overridePath, String vaultPath, String puppetMetadataPath, String adminGroup) {
    this.uname = uname;
    this.letter = letter;
    this.overridePath = overridePath;
    this.vaultPath = vaultPath;
    this.puppetMetadataPath = puppetMetadataPath;
    this.adminGroup = adminGroup;
  }

  /** What {@code uname -s} prints on this OS. */
  public String uname() {
    return uname;
  }

  /** The monitor's one-letter OS column. */
  public String letter() {
    return letter;
  }

  /** The override ("ronin_settings") that run-puppet.sh sources. */
  public String overridePath() {
    return overridePath;
  }

  /** The hiera secrets file. */
  public String vaultPath() {
    return vaultPath;
  }

  /** The JSON that run-puppet.sh writes after each run. */
  public String puppetMetadataPath() {
    return puppetMetadataPath;
  }

  /** The group that owns files we write: root on Linux, wheel on macOS. */
  public String adminGroup() {
    return adminGroup;
  }

  /** The OS whose {@code uname -s} is {@code value}, or null for anything else. */
  public static HostOs fromUname(String value) {
    for (HostOs os : values()) {
      if (os.uname.equalsIgnoreCase(value == null ? "" : value.strip())) {
        return os;
      }
    }
    return null;
  }

  public String display() {
    return this == MACOS ? "macOS" : name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT);
  }
}
