package dev.fleetroll.temporal.client;

import dev.fleetroll.InputException;
import io.temporal.envconfig.ClientConfigProfile;
import io.temporal.envconfig.ClientConfigTLS;
import io.temporal.envconfig.LoadClientConfigProfileOptions;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach Temporal the way the {@code temporal} CLI and the SDKs do: the profile of the client config
 * file ({@code TEMPORAL_CONFIG_FILE}, else {@code ~/.config/temporalio/temporal.toml}; {@code TEMPORAL_PROFILE},
 * else {@code default}) under the environment's {@code TEMPORAL_ADDRESS}, {@code TEMPORAL_NAMESPACE},
 * {@code TEMPORAL_API_KEY} and {@code TEMPORAL_TLS_*}, as read by the SDK's envconfig module. Fleetroll's own
 * {@code FLEETROLL_TEMPORAL_ADDRESS} and {@code FLEETROLL_TEMPORAL_NAMESPACE} win over the address and namespace
 * here; the callers apply that. An API key is a secret: nothing here prints it.
 */
public final class TemporalProfile {

  /** The variables envconfig reads (besides TEMPORAL_GRPC_META_*), as the temporal CLI names them. */
  public static final List<String> VARIABLES = List.of("TEMPORAL_ADDRESS", "TEMPORAL_NAMESPACE", "TEMPORAL_API_KEY",
      "TEMPORAL_TLS", "TEMPORAL_TLS_CLIENT_CERT_PATH", "TEMPORAL_TLS_CLIENT_CERT_DATA", "TEMPORAL_TLS_CLIENT_KEY_PATH",
      "TEMPORAL_TLS_CLIENT_KEY_DATA", "TEMPORAL_TLS_SERVER_CA_CERT_PATH", "TEMPORAL_TLS_SERVER_CA_CERT_DATA",
      "TEMPORAL_TLS_SERVER_NAME", "TEMPORAL_TLS_DISABLE_HOST_VERIFICATION", "TEMPORAL_PROFILE", "TEMPORAL_CONFIG_FILE");

  /**
   * The local dev server of {@code fleetroll server start}, whatever the environment says: plain gRPC, no API
   * key, and the address and namespace Fleetroll gives (an empty variable unsets the profile's value). A worker
   * started for it gets these variables too.
   */
  public static final Map<String, String> LOCAL = Map.of("TEMPORAL_ADDRESS", "", "TEMPORAL_NAMESPACE", "",
      "TEMPORAL_TLS", "false", "TEMPORAL_API_KEY", "");

  private final ClientConfigProfile profile;

  private TemporalProfile(ClientConfigProfile profile) {
    this.profile = profile;
  }

  /**
   * @throws InputException when the config file cannot be read or has no profile named by TEMPORAL_PROFILE
   */
  public static TemporalProfile load(Map<String, String> env) {
    try {
      return new TemporalProfile(ClientConfigProfile.load(
          LoadClientConfigProfileOptions.newBuilder().setEnvOverrides(env).build()));
    } catch (IOException e) {
      throw new InputException("cannot read the Temporal client config file"
          + Optional.ofNullable(env.get("TEMPORAL_CONFIG_FILE")).map(f -> " " + f).orElse("") + ": "
          + e.getMessage().lines().findFirst().orElse(""), e);
    } catch (IllegalArgumentException e) {
      throw new InputException("TEMPORAL_PROFILE: " + e.getMessage(), e);
    }
  }

  /** The environment's profile with {@link #LOCAL} over it: how to reach the local dev server. */
  public static TemporalProfile local(Map<String, String> env) {
    Map<String, String> merged = new HashMap<>(env);
    merged.putAll(LOCAL);
    return load(merged);
  }

  public Optional<String> address() {
    return nonBlank(profile.getAddress());
  }

  public Optional<String> namespace() {
    return nonBlank(profile.getNamespace());
  }

  /** How the connection is secured, for messages: plain, TLS, mTLS (a client certificate), API key. */
  public String security() {
    ClientConfigTLS tls = profile.getTls();
    boolean apiKey = nonBlank(profile.getApiKey()).isPresent();
    if (tls == null || Boolean.TRUE.equals(tls.isDisabled())) {
      return apiKey ? "TLS with an API key" : "plain";
    }
    boolean clientCertificate = tls.getClientCertPath() != null && !tls.getClientCertPath().isBlank()
        || tls.getClientCertData() != null && tls.getClientCertData().length > 0;
    return (clientCertificate ? "mTLS" : "TLS") + (apiKey ? " with an API key" : "");
  }

  /**
   * Service stub options for {@code address} with this profile's TLS, API key and gRPC metadata.
   *
   * @throws InputException when a certificate or key file cannot be read
   */
  public WorkflowServiceStubsOptions.Builder stubs(String address) {
    WorkflowServiceStubsOptions options;
    try {
      options = profile.toWorkflowServiceStubsOptions();
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new InputException("cannot set up TLS to Temporal from TEMPORAL_TLS_* or the profile: "
          + cause.getClass().getSimpleName() + " " + cause.getMessage(), e);
    }
    return WorkflowServiceStubsOptions.newBuilder(options).setTarget(address);
  }

  private static Optional<String> nonBlank(String value) {
    return Optional.ofNullable(value).map(String::strip).filter(s -> !s.isEmpty());
  }
}
