package dev.fleetroll.taskcluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetroll.InputException;
import dev.fleetroll.json.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Where Taskcluster is and who we are there. Without a client id and access token every call is
 * anonymous (enough for reads on FirefoxCI); quarantining needs credentials. The access token never
 * appears in {@link #toString()}.
 *
 * @param certificate the JSON certificate of temporary credentials, or null
 */
public record TaskclusterCredentials(String rootUrl, String clientId, String accessToken, String certificate) {

  public static TaskclusterCredentials fromEnvironment(Map<String, String> env) {
    String root = env.get("TASKCLUSTER_ROOT_URL");
    if (root == null || root.isBlank()) {
      throw new InputException("TASKCLUSTER_ROOT_URL is not set (e.g. https://firefox-ci-tc.services.mozilla.com)");
    }
    return new TaskclusterCredentials(root.replaceAll("/+$", ""), blank(env.get("TASKCLUSTER_CLIENT_ID")),
        blank(env.get("TASKCLUSTER_ACCESS_TOKEN")), blank(env.get("TASKCLUSTER_CERTIFICATE")));
  }

  public static TaskclusterCredentials anonymous(String rootUrl) {
    return new TaskclusterCredentials(rootUrl.replaceAll("/+$", ""), null, null, null);
  }

  /**
   * When temporary credentials stop working: the certificate's {@code expiry} (milliseconds since the
   * epoch); empty for permanent credentials.
   */
  public Optional<Instant> certificateExpiry() {
    if (certificate == null) {
      return Optional.empty();
    }
    JsonNode expiry;
    try {
      expiry = Json.MAPPER.readTree(certificate).path("expiry");
    } catch (IOException e) {
      expiry = null;
    }
    if (expiry == null || !expiry.canConvertToLong()) {
      throw new InputException("TASKCLUSTER_CERTIFICATE is not a Taskcluster certificate (JSON with a numeric expiry)");
    }
    return Optional.of(Instant.ofEpochMilli(expiry.asLong()));
  }

  public boolean authenticated() {
    return clientId != null && accessToken != null;
  }

  private static String blank(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  @Override
  public String toString() {
    return "TaskclusterCredentials[rootUrl=" + rootUrl + ", clientId=" + clientId
        + (accessToken != null ? ", accessToken=***" : "") + (certificate != null ? ", certificate=yes" : "") + "]";
  }
}
