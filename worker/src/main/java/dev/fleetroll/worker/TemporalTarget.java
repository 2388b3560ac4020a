package dev.fleetroll.worker;

import dev.fleetroll.temporal.client.TemporalProfile;
import java.util.Map;
import java.util.Optional;

/**
 * The Temporal this worker polls: FLEETROLL_TEMPORAL_ADDRESS and FLEETROLL_TEMPORAL_NAMESPACE when set
 * ({@link TemporalSettings}), else the Temporal client profile (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE,
 * TEMPORAL_PROFILE and temporal.toml), else 127.0.0.1:7233 and {@code default}. TLS, mTLS and an API key
 * always come from the profile (TEMPORAL_TLS_*, TEMPORAL_API_KEY).
 */
record TemporalTarget(String address, String namespace, TemporalProfile profile) {

  static final String DEFAULT_ADDRESS = "127.0.0.1:7233";
  static final String DEFAULT_NAMESPACE = "default";

  static TemporalTarget of(TemporalSettings settings, Map<String, String> env) {
    TemporalProfile profile = TemporalProfile.load(env);
    return new TemporalTarget(
        nonBlank(settings.address()).or(profile::address).orElse(DEFAULT_ADDRESS),
        nonBlank(settings.namespace()).or(profile::namespace).orElse(DEFAULT_NAMESPACE),
        profile);
  }

  private static Optional<String> nonBlank(String value) {
    return Optional.ofNullable(value).map(String::strip).filter(s -> !s.isEmpty());
  }
}
