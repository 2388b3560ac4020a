package dev.fleetroll.rollout.host;

/**
 * Who asks what for which host: the one context every host activity gets (no content, no secret).
 *
 * @param overrideSha sha256 of the override being rolled out; the worker reads its bytes from the content store
 */
public record HostJob(String rolloutId, String actor, String host, String overrideSha) {

  /** The first twelve digits, as people and the content store name an override. */
  public String shortSha() {
    return overrideSha.substring(0, Math.min(12, overrideSha.length()));
  }
}
