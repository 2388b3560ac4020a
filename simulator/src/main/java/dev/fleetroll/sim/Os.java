package dev.fleetroll.sim;

/** The operating systems of the simulated fleet, with the on-host paths that differ between them. */
public enum Os {
  LINUX("linux", "/etc/puppet/ronin_settings", "/etc/puppet/last_run_metadata.json", "/root/vault.yaml",
      "/etc/puppet/environments", "code"),
  MAC("mac", "/opt/puppet_environments/ronin_settings", "/opt/puppet_environments/last_run_metadata.json",
      "/var/root/vault.yaml", "/opt/puppet_environments", "ronin_puppet");

  private final String id;
  private final String overridePath;
  private final String metadataPath;
  private final String vaultPath;
  private final String environmentsDir;
  private final String checkoutName;

  Os(String id, String overridePath, String metadataPath, String vaultPath, String environmentsDir,
      String checkoutName) {
    this.id = id;
    this.overridePath = overridePath;
    this.metadataPath = metadataPath;
    this.vaultPath = vaultPath;
    this.environmentsDir = environmentsDir;
    this.checkoutName = checkoutName;
  }

  /** Lower-case name used in files and scripts: {@code linux} or {@code mac}. */
  public String id() {
    return id;
  }

  /** The override file ("ronin_settings") that run-puppet.sh sources. */
  public String overridePath() {
    return overridePath;
  }

  /** Where run-puppet.sh writes its run metadata JSON. */
  public String metadataPath() {
    return metadataPath;
  }

  /** The hiera secrets file. */
  public String vaultPath() {
    return vaultPath;
  }

  String environmentsDir() {
    return environmentsDir;
  }

  String checkoutName() {
    return checkoutName;
  }

  /** What {@code uname -s} prints on such a host. */
  public String unameS() {
    return this == LINUX ? "Linux" : "Darwin";
  }
}
