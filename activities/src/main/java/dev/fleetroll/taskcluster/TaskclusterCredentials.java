package dev.fleetroll.taskcluster;

import java.util.Map;

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
      throw new dev.fleetroll.InputException("TASKCLUSTER_ROOT_URL is not set (e.g. https://firefox-ci-tc.services.mozilla.com)");
    }
    return new TaskclusterCredentials(root.replaceAll("/+$", ""), blank(env.get("TASKCLUSTER_CLIENT_ID")),
        blank(env.get("TASKCLUSTER_ACCESS_TOKEN")), blank(env.get("TASKCLUSTER_CERTIFICATE")));
  }

  public static TaskclusterCredentials anonymous(String rootUrl) {
    return new TaskclusterCredentials(rootUrl.replaceAll("/+$", ""), null, null, null);
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
