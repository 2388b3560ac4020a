package dev.fleetroll.inventory;

/** What a gathering reads. The names are what the store's gather runs and {@code store info} show. */
public enum GatherSource {
  HOSTS("hosts"),
  TASKCLUSTER("taskcluster"),
  GITHUB("github");

  private final String label;

  GatherSource(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
